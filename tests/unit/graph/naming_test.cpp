#include "graph/naming.hpp"

#include <string>

#include <catch2/catch.hpp>

using graph::ItemValue;

// Expected hashes below were computed with an independent FNV-1a implementation, or are
// node IDs printed by Argo itself in its walk-through (steps and recursion pages).

TEST_CASE("fnv32a matches the reference test vectors", "[graph][naming]") {
  CHECK(graph::fnv32a("") == 2166136261U);
  CHECK(graph::fnv32a("a") == 0xe40c292cU);
  CHECK(graph::fnv32a("a") == 3826002220U);
  CHECK(graph::fnv32a("foobar") == 0xbf9cf968U);
}

TEST_CASE("node IDs are the workflow name for the root, else wf-hash", "[graph][naming]") {
  CHECK(graph::node_id("steps-z2zdn", "steps-z2zdn") == "steps-z2zdn");
  // Argo's `argo get` output in the steps walk-through (v1 pod names are node IDs).
  CHECK(graph::node_id("steps-z2zdn", "steps-z2zdn[0].hello1") == "steps-z2zdn-27420706");
  CHECK(graph::node_id("steps-z2zdn", "steps-z2zdn[1].hello2a") == "steps-z2zdn-2006760091");
  // The recursion walk-through: nested steps under a `tails` step.
  const std::string wf = "coinflip-recursive-tzcb5";
  CHECK(graph::node_id(wf, wf + "[0].flip-coin") == wf + "-322836820");
  CHECK(graph::node_id(wf, wf + "[1].tails[0].flip-coin") == wf + "-1863890320");
  CHECK(graph::node_id(wf, wf + "[1].tails[1].tails[0].flip-coin") == wf + "-1768147140");
  CHECK(graph::node_id("wf", "wf.onExit") == "wf-403321795");
}

TEST_CASE("v2 pod names are wf-template-hash", "[graph][naming]") {
  CHECK(graph::pod_name("steps-z2zdn", "print-message", "steps-z2zdn[0].hello1") ==
        "steps-z2zdn-print-message-27420706");
  // The root pod node is named like the workflow.
  CHECK(graph::pod_name("hello-world-abc", "whalesay", "hello-world-abc") == "hello-world-abc");
  // Inline templates have no template name.
  CHECK(graph::pod_name("wf", "", "wf.a") == "wf-2962115457");
  // v1: the node ID.
  CHECK(graph::pod_name("steps-z2zdn", "print-message", "steps-z2zdn[0].hello1",
                        graph::PodNameVersion::v1) == "steps-z2zdn-27420706");
  CHECK(graph::pod_name("wf", "t", "wf", graph::PodNameVersion::v1) == "wf");
}

TEST_CASE("long pod name prefixes are cut to 242 bytes", "[graph][naming]") {
  CHECK(graph::k_max_pod_name_prefix_length == 242);
  // "x" hashes to 4245442695 (ten digits): the longest possible name is exactly 253.
  const std::string long_wf(300, 'w');
  const std::string truncated = graph::pod_name(long_wf, "tmpl", "x");
  CHECK(truncated == std::string(242, 'w') + "-4245442695");
  CHECK(truncated.size() == 253);

  // A prefix of exactly 242 bytes is kept; 243 loses its last byte (the template's).
  const std::string wf240(240, 'a');
  CHECK(graph::pod_name(wf240, "b", "x") == wf240 + "-b-4245442695");
  CHECK(graph::pod_name(wf240, "bc", "x") == wf240 + "-b-4245442695");
  // The cut can land right after the dash.
  const std::string wf241(241, 'a');
  CHECK(graph::pod_name(wf241, "t", "x") == wf241 + "--4245442695");
}

TEST_CASE("steps, DAG and retry node names", "[graph][naming]") {
  CHECK(graph::step_group_name("steps-z2zdn", 0) == "steps-z2zdn[0]");
  CHECK(graph::step_group_name("wf[1].tails", 12) == "wf[1].tails[12]");
  CHECK(graph::step_name("steps-z2zdn[0]", "hello1") == "steps-z2zdn[0].hello1");
  CHECK(graph::task_name("dag-diamond", "A") == "dag-diamond.A");
  CHECK(graph::retry_child_name("wf[0].step", 1) == "wf[0].step(1)");
  CHECK(graph::retry_child_name("wf", 0) == "wf(0)");
}

TEST_CASE("loop item names strip parentheses from the description", "[graph][naming]") {
  CHECK(graph::loop_item_name("wf[0].hello", 0, "hello world") == "wf[0].hello(0:hello world)");
  CHECK(graph::loop_item_name("t", 3, "f(x) = (y)") == "t(3:fx = y)");
  CHECK(graph::loop_item_name("t", 1, "") == "t(1:)");
  CHECK(graph::loop_item_name("t(0)", 2, "a)(b") == "t(0)(2:ab)");
}

TEST_CASE("item descriptions of scalars", "[graph][naming]") {
  CHECK(graph::item_description(ItemValue::string("hello world")) == "hello world");
  CHECK(graph::item_description(ItemValue::string("")) == "");
  CHECK(graph::item_description(ItemValue::number("1.5")) == "1.5");
  CHECK(graph::item_description(ItemValue::number("8")) == "8");
  CHECK(graph::item_description(ItemValue::boolean(true)) == "true");
  CHECK(graph::item_description(ItemValue::boolean(false)) == "false");
}

TEST_CASE("item descriptions of maps are sorted key:value pairs", "[graph][naming]") {
  const ItemValue item = ItemValue::map({
      {"tag", ItemValue::string("8.9")},
      {"image", ItemValue::string("debian")},
  });
  CHECK(graph::item_description(item) == "image:debian,tag:8.9");
  CHECK(graph::loop_item_name("test", 1, graph::item_description(item)) ==
        "test(1:image:debian,tag:8.9)");

  // Argo sorts the rendered pairs, so "a-b:..." ('-' < ':') comes before "a:...".
  const ItemValue prefix_keys = ItemValue::map({
      {"a", ItemValue::number("1")},
      {"a-b", ItemValue::boolean(true)},
  });
  CHECK(graph::item_description(prefix_keys) == "a-b:true,a:1");

  // Nested values are rendered as JSON.
  const ItemValue nested = ItemValue::map({
      {"z", ItemValue::list({ItemValue::string("x"), ItemValue::number("2")})},
      {"m", ItemValue::map({{"k", ItemValue::string("v")}})},
  });
  CHECK(graph::item_description(nested) == R"(m:{"k":"v"},z:["x",2])");
  CHECK(graph::item_description(ItemValue::map({})) == "");
}

TEST_CASE("item descriptions of lists follow Go's fmt.Sprint", "[graph][naming]") {
  CHECK(graph::item_description(
            ItemValue::list({ItemValue::string("a"), ItemValue::string("b")})) == "[a b]");
  CHECK(graph::item_description(ItemValue::list({})) == "[]");
  CHECK(graph::item_description(ItemValue::list({ItemValue::number("1"), ItemValue::boolean(false),
                                                 ItemValue::string("x y")})) == "[1 false x y]");
  const ItemValue with_map = ItemValue::list(
      {ItemValue::map({{"b", ItemValue::number("2")}, {"a", ItemValue::number("1")}})});
  CHECK(graph::item_description(with_map) == R"([{"a":1,"b":2}])");
  // Parentheses disappear only in the node name.
  const ItemValue parens = ItemValue::list({ItemValue::string("(a)"), ItemValue::string("b")});
  CHECK(graph::item_description(parens) == "[(a) b]");
  CHECK(graph::loop_item_name("s", 0, graph::item_description(parens)) == "s(0:[a b])");
}

TEST_CASE("item_json is compact with sorted keys and Go's escaping", "[graph][naming]") {
  const ItemValue item = ItemValue::map({
      {"q", ItemValue::string("say \"hi\"\n<b>&\\")},
      {"n", ItemValue::number("-0.5")},
      {"e", ItemValue::list({})},
  });
  CHECK(graph::item_json(item) == R"({"e":[],"n":-0.5,"q":"say \"hi\"\n\u003cb\u003e\u0026\\"})");
  CHECK(graph::item_json(ItemValue::string("\x01\t")) == R"("\u0001\t")");
  CHECK(graph::item_json(ItemValue::string("a\xE2\x80\xA8z")) == R"("a\u2028z")");
  CHECK(graph::item_json(ItemValue::boolean(true)) == "true");
}

TEST_CASE("display names strip the boundary and the group separator", "[graph][naming]") {
  const std::string wf = "steps-z2zdn";
  CHECK(graph::display_name(wf + "[0].hello1", wf) == "hello1");
  CHECK(graph::display_name(wf + "[0]", wf) == "[0]");
  CHECK(graph::display_name(wf + "[1].step(1)", wf) == "step(1)");
  CHECK(graph::display_name(wf + "[0].hello(0:hello world)", wf) == "hello(0:hello world)");
  // DAG tasks: only the dot goes.
  CHECK(graph::display_name("dag.A", "dag") == "A");
  CHECK(graph::display_name("dag.A(0:x)", "dag") == "A(0:x)");
  // No boundary: the full name.
  CHECK(graph::display_name(wf, "") == wf);
  CHECK(graph::display_name(wf + ".onExit", "") == wf + ".onExit");
  // Nested steps: the boundary is the inner Steps node.
  CHECK(graph::display_name("wf[1].tails[0].flip-coin", "wf[1].tails") == "flip-coin");
  // A name not under the boundary keeps everything the regex does not match.
  CHECK(graph::display_name("other.x", "wf") == "other.x");
  CHECK(graph::display_name(".x", "wf") == "x");
  // `[` without digits, or a group not followed by a dot, is not stripped.
  CHECK(graph::display_name("wf[].x", "wf") == "[].x");
  CHECK(graph::display_name("wf[12]x", "wf") == "[12]x");
  CHECK(graph::display_name("wf[3]", "wf") == "[3]");
}
