// Decoding of parameters, valueFrom, configMapKeyRef, artifacts, inputs, outputs and
// arguments: every field, positions, unknown fields and type errors.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

std::string at(const util::SourceLoc& loc) {
  return std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

constexpr const char* k_io = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: io
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: from-cm
      valueFrom:
        configMapKeyRef:
          name: cm
          key: k
          optional: true
    - name: supplied
      valueFrom:
        supplied: {}
        default: d
        event: payload.x
    artifacts:
    - name: art
      from: "{{workflow.outputs.artifacts.x}}"
  templates:
  - name: main
    inputs:
      parameters:
      - name: p
        value: 1.50
        default: [1, b]
        enum: [a, 2, true]
        description: the p
        globalName: gp
      artifacts:
      - name: a
        path: /tmp/a
        from: x
        fromExpression: "y"
        globalName: ga
        subPath: sub
        mode: 0755
        optional: true
        recurseMode: true
        archiveLogs: false
        deleted: true
        s3:
          key: k
        archive:
          none: {}
        artifactGC:
          strategy: Never
    outputs:
      result: r
      exitCode: "0"
      parameters:
      - name: o
        valueFrom:
          path: /tmp/o
          default: dflt
          expression: e
          parameter: "{{x}}"
          jsonPath: "{.a}"
          jqFilter: ".a"
      artifacts:
      - name: oa
        path: /tmp/oa
    container:
      image: alpine
)";

}  // namespace

TEST_CASE("decode sets every Parameter field") {
  auto loaded = testing::load_text(k_io);
  REQUIRE(loaded->lines() == Lines{});
  const model::Template& t = loaded->documents.at(0).spec.templates.at(0);
  REQUIRE(t.inputs.parameters.size() == 1);
  const model::Parameter& p = t.inputs.parameters[0];
  CHECK(at(p.loc) == "27:9");
  CHECK(p.name.value == "p");
  CHECK(at(p.name.loc) == "27:15");
  // value and default are Argo AnyStrings: numbers in Go's format, lists as JSON.
  REQUIRE(p.value.has_value());
  CHECK(p.value->value == "1.5");
  CHECK(p.value->type == model::ScalarType::floating);
  CHECK(at(p.value->loc) == "28:16");
  REQUIRE(p.default_value.has_value());
  CHECK(p.default_value->value == R"([1,"b"])");
  CHECK(at(p.default_value->loc) == "29:18");
  REQUIRE(p.enum_values.size() == 3);
  CHECK(p.enum_values[0].value == "a");
  CHECK(p.enum_values[1].value == "2");
  CHECK(p.enum_values[1].type == model::ScalarType::integer);
  CHECK(p.enum_values[2].value == "true");
  CHECK(p.enum_values[2].type == model::ScalarType::boolean);
  CHECK(at(p.enum_values[2].loc) == "30:22");
  CHECK(at(p.enum_loc) == "30:15");
  CHECK(p.description->value == "the p");
  CHECK(p.global_name->value == "gp");
  CHECK(at(p.global_name->loc) == "32:21");
  CHECK_FALSE(p.value_from.has_value());
}

TEST_CASE("decode sets every ValueFrom field and counts its sources") {
  auto loaded = testing::load_text(k_io);
  REQUIRE(loaded->lines() == Lines{});
  const model::Template& t = loaded->documents.at(0).spec.templates.at(0);
  REQUIRE(t.outputs.parameters.size() == 1);
  const model::Parameter& o = t.outputs.parameters[0];
  REQUIRE(o.value_from.has_value());
  const model::ValueFrom& vf = *o.value_from;
  CHECK(at(vf.loc) == "57:11");
  CHECK(vf.path->value == "/tmp/o");
  CHECK(at(vf.path->loc) == "57:17");
  CHECK(vf.default_value->value == "dflt");
  CHECK(vf.expression->value == "e");
  CHECK(vf.parameter->value == "{{x}}");
  CHECK(vf.json_path->value == "{.a}");
  CHECK(vf.jq_filter->value == ".a");
  CHECK_FALSE(vf.event.has_value());
  CHECK_FALSE(vf.supplied.has_value());
  CHECK_FALSE(vf.config_map_key_ref.has_value());
  // default is a fallback, not a source.
  CHECK(vf.source_count() == 5);
}

TEST_CASE("decode reads configMapKeyRef, supplied and event in arguments") {
  auto loaded = testing::load_text(k_io);
  REQUIRE(loaded->lines() == Lines{});
  const model::Arguments& args = loaded->documents.at(0).spec.arguments;
  CHECK(at(args.loc) == "8:5");
  REQUIRE(args.parameters.size() == 2);
  const model::ValueFrom& from_cm = *args.parameters[0].value_from;
  REQUIRE(from_cm.config_map_key_ref.has_value());
  const model::KeyRef& ref = *from_cm.config_map_key_ref;
  CHECK(at(ref.loc) == "12:11");
  CHECK(ref.name.value == "cm");
  CHECK(at(ref.name.loc) == "12:17");
  CHECK(ref.key.value == "k");
  CHECK(ref.optional);
  CHECK(from_cm.source_count() == 1);

  const model::ValueFrom& supplied = *args.parameters[1].value_from;
  REQUIRE(supplied.supplied.has_value());
  CHECK(at(*supplied.supplied) == "17:9");
  CHECK(supplied.default_value->value == "d");
  CHECK(supplied.event->value == "payload.x");
  CHECK(supplied.source_count() == 2);

  REQUIRE(args.artifacts.size() == 1);
  CHECK(args.artifacts[0].name.value == "art");
  CHECK(args.artifacts[0].from->value == "{{workflow.outputs.artifacts.x}}");
}

TEST_CASE("decode sets every Artifact field") {
  auto loaded = testing::load_text(k_io);
  REQUIRE(loaded->lines() == Lines{});
  const model::Inputs& inputs = loaded->documents.at(0).spec.templates.at(0).inputs;
  CHECK(at(inputs.loc) == "26:7");
  REQUIRE(inputs.artifacts.size() == 1);
  const model::Artifact& a = inputs.artifacts[0];
  CHECK(at(a.loc) == "34:9");
  CHECK(a.name.value == "a");
  CHECK(a.path->value == "/tmp/a");
  CHECK(at(a.path->loc) == "35:15");
  CHECK(a.from->value == "x");
  CHECK(a.from_expression->value == "y");
  CHECK(a.global_name->value == "ga");
  CHECK(a.sub_path->value == "sub");
  // mode is an int32 in Argo: YAML 1.1 reads 0755 as octal.
  CHECK(a.mode->value == "493");
  CHECK(a.mode->type == model::ScalarType::integer);
  CHECK(at(a.mode->loc) == "40:15");
  CHECK(a.optional);
  CHECK(a.recurse_mode);
  CHECK_FALSE(a.archive_logs);
  CHECK(a.location_kind == "s3");
  REQUIRE(a.location.has_value());
  CHECK(model::to_json(*a.location) == R"({"key":"k"})");
  CHECK(at(a.location->loc) == "46:11");
  REQUIRE(a.archive.has_value());
  CHECK(model::to_json(*a.archive) == R"({"none":{}})");
  REQUIRE(a.artifact_gc.has_value());
  CHECK(a.artifact_gc->find("strategy")->text == "Never");
}

TEST_CASE("decode sets every Outputs field") {
  auto loaded = testing::load_text(k_io);
  REQUIRE(loaded->lines() == Lines{});
  const model::Outputs& outputs = loaded->documents.at(0).spec.templates.at(0).outputs;
  CHECK(at(outputs.loc) == "52:7");
  CHECK(outputs.result->value == "r");
  CHECK(outputs.exit_code->value == "0");
  CHECK(outputs.exit_code->type == model::ScalarType::string);
  CHECK(at(outputs.exit_code->loc) == "53:17");
  REQUIRE(outputs.artifacts.size() == 1);
  CHECK(outputs.artifacts[0].name.value == "oa");
  CHECK(outputs.artifacts[0].location_kind.empty());
  CHECK_FALSE(outputs.artifacts[0].location.has_value());
}

TEST_CASE("every artifact location kind is recognised, and two of them are an error") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: loc}
spec:
  entrypoint: main
  templates:
  - name: main
    inputs:
      artifacts:
      - {name: s3, s3: {key: a}}
      - {name: gcs, gcs: {key: a}}
      - {name: http, http: {url: "http://x"}}
      - {name: git, git: {repo: r}}
      - {name: raw, raw: {data: d}}
      - {name: artifactory, artifactory: {url: u}}
      - {name: hdfs, hdfs: {path: p}}
      - {name: oss, oss: {key: k}}
      - {name: azure, azure: {blob: b}}
      - {name: plugin, plugin: {name: p}}
      - name: two
        http: {url: "http://x"}
        raw: {data: d}
    container: {image: alpine}
)");
  CHECK(loaded->lines() == Lines{"22:14: error: templates.main.inputs.artifacts[10] has more than "
                                 "one location (http and raw)"});
  CHECK(loaded->with_check("artifact-location").size() == 1);
  const auto& artifacts = loaded->documents.at(0).spec.templates.at(0).inputs.artifacts;
  REQUIRE(artifacts.size() == 11);
  for (size_t i = 0; i < 10; ++i) {
    INFO(artifacts[i].name.value);
    CHECK(artifacts[i].location_kind == artifacts[i].name.value);
  }
  CHECK(artifacts[10].location_kind == "http");
}

TEST_CASE("unknown fields in parameters and artifacts are warnings at the key") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: u}
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: a
      vaule: typo
      valueFrom:
        configMapKeyRef: {name: c, key: k, extra: 1}
        bogus: 2
    foo: bar
  templates:
  - name: main
    inputs:
      params: []
      artifacts:
      - name: x
        path: /x
        s3: {key: k}
        foo: 1
    outputs:
      results: r
    container: {image: alpine}
)");
  CHECK(loaded->lines() ==
        Lines{"11:44: warning: unknown field \"extra\" in "
              "spec.arguments.parameters[0].valueFrom.configMapKeyRef",
              "12:9: warning: unknown field \"bogus\" in spec.arguments.parameters[0].valueFrom",
              "9:7: warning: unknown field \"vaule\" in spec.arguments.parameters[0]",
              "13:5: warning: unknown field \"foo\" in spec.arguments",
              "22:9: warning: unknown field \"foo\" in templates.main.inputs.artifacts[0]",
              "17:7: warning: unknown field \"params\" in templates.main.inputs",
              "24:7: warning: unknown field \"results\" in templates.main.outputs"});
}

TEST_CASE("parameter and artifact fields of the wrong type are errors") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: t}
spec:
  entrypoint: main
  templates:
  - name: main
    inputs:
      parameters:
      - name: [p]
        enum: x
        valueFrom: "path"
      - name: q
        description: {a: 1}
      artifacts:
      - name: a
        optional: "yes"
        mode: true
        archive: [none]
    outputs:
      parameters: {name: o}
    container: {image: alpine}
)");
  CHECK(loaded->lines() ==
        Lines{"10:15: error: templates.main.inputs.parameters[0].name must be a string, not a "
              "list",
              "11:15: error: templates.main.inputs.parameters[0].enum must be a list, not a "
              "string",
              "12:20: error: templates.main.inputs.parameters[0].valueFrom must be a mapping, not "
              "a string",
              "14:22: error: templates.main.inputs.parameters[1].description must be a string, "
              "not a mapping",
              "18:15: error: templates.main.inputs.artifacts[0].mode must be an integer or a "
              "string, not a boolean",
              "17:19: error: templates.main.inputs.artifacts[0].optional must be a boolean (true "
              "or false), not a string",
              "19:18: error: templates.main.inputs.artifacts[0].archive must be a mapping, not a "
              "list",
              "21:19: error: templates.main.outputs.parameters must be a list, not a mapping"});
}
