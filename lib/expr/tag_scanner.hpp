/// Finding `{{...}}` tags in text, as Argo's template engine sees them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace expr {

enum class TagKind {
  simple,      ///< {{inputs.parameters.x}}: a variable lookup
  expression,  ///< {{=expr}}: an expression evaluated by the expression language
};

struct Tag {
  TagKind kind = TagKind::simple;
  std::string body;  ///< for simple tags the trimmed name; for expressions the text after '='
  size_t begin = 0;  ///< offset of "{{"
  size_t end = 0;    ///< offset just past "}}"
};

/// Every tag in `text`, left to right. A tag runs from "{{" to the next "}}". Where a tag
/// contains another "{{" (nested tags such as {{steps.{{inputs.parameters.s}}.outputs.result}}),
/// the innermost tag is returned, as Argo substitutes inner tags first.
std::vector<Tag> scan_tags(std::string_view text);

/// A free name of an expression and where it is written.
struct ExpressionReference {
  std::string path;  ///< dotted: `steps['a'].outputs.result` becomes `steps.a.outputs.result`
  size_t begin = 0;  ///< offset of the first character of the name in the expression
  size_t end = 0;    ///< offset just past the last character that belongs to the path
};

/// The names an expression refers to, as dotted paths: `steps.a.outputs.result`,
/// `inputs.parameters['x']` becomes `inputs.parameters.x`, `tasks.a?.outputs` becomes
/// `tasks.a.outputs`. Skipped: names bound inside the expression (closure `#`, `let`), map
/// keys, function names, fields after a call or a computed index, keywords and literals,
/// and string contents. Best effort, for lint.
std::vector<ExpressionReference> expression_reference_spans(std::string_view expression);

/// The paths of expression_reference_spans(), in order.
std::vector<std::string> expression_references(std::string_view expression);

}  // namespace expr
