// Fuzz harness: the renderers' escaping, as properties of each context (HTML, CSS string, terminal,
// Markdown, CSV), and the proposal's HTML with the input as the client's and a component's name:
// whatever the string, the document keeps exactly its own style sheet, policy and no script.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "attestplan/escape.hpp"
#include "attestplan/request.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// The input as a TOML basic string: every byte outside printable ASCII, and " and \, as \u escapes
/// (bytes >= 0x80 as the code points U+0080..U+00FF: still hostile in HTML and CSS contexts).
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789ABCDEF";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xf];
    }
  }
  return out + "\"";
}

void check_escapes(std::string_view s) {
  using namespace attestplan;
  const auto html = escape_html(s);
  require(html.find_first_of("<>\"'") == std::string::npos);
  const auto css = css_string(s);
  require(css.size() >= 2 && css.front() == '"' && css.back() == '"');
  const auto inner = std::string_view{css}.substr(1, css.size() - 2);
  require(inner.find_first_of("\"'\n\r\f{};<>") == std::string_view::npos);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] != '\\') continue;  // every backslash starts a hex escape ended by a space
    std::size_t j = i + 1;
    while (j < inner.size() && std::isxdigit(static_cast<unsigned char>(inner[j]))) ++j;
    require(j > i + 1 && j < inner.size() && inner[j] == ' ');
  }
  const auto term = terminal_text(s);
  for (std::size_t i = 0; i < term.size(); ++i) {
    const auto c = static_cast<unsigned char>(term[i]);
    require(c >= 0x20 || c == '\t' || c == '\n');
    require(c != 0x7f);
    if (c == 0xC2 && i + 1 < term.size()) {
      const auto next = static_cast<unsigned char>(term[i + 1]);
      require(next < 0x80 || next > 0x9f);
    }
  }
  const auto md = escape_markdown(s);
  require(md.find('\n') == std::string::npos);
  for (std::size_t i = 0; i < md.size(); ++i) {
    if (md[i] == '|') require(i > 0 && md[i - 1] == '\\');
  }
  const auto csv = csv_field(s);
  const std::string_view cell = (!csv.empty() && csv.front() == '"')
                                    ? std::string_view{csv}.substr(1)
                                    : std::string_view{csv};
  if (!cell.empty() && std::string_view{"=+-@\t\r"}.find(cell.front()) != std::string_view::npos) {
    // Only a plain number may start so (a sign): anything else got OWASP's quote first.
    require(std::all_of(cell.begin() + 1, cell.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '"' || c == 'e' ||
             c == 'E' || c == '+' || c == '-';
    }));
  }
}

const char* kModel = R"(schema = "attestplan/1"
[organization]
name = NAME
employees = 40
engineers = 12
[engagement]
report = "soc2-type1"
start = "2027-02-01"
[[service]]
id = "svc"
name = NAME
uses = ["app"]
[[component]]
id = "app"
name = NAME
kind = "software"
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace attestplan;
  const std::string_view input{reinterpret_cast<const char*>(data),
                               std::min<std::size_t>(size, 4096)};
  check_escapes(input);
  // The proposal's HTML with the string in the places a client writes.
  static const Engine engine{PluginSearch{}, CriteriaCatalog::builtin()};
  std::string model = kModel;
  const auto value = toml_string(input);
  for (auto at = model.find("NAME"); at != std::string::npos;
       at = model.find("NAME", at + value.size())) {
    model.replace(at, 4, value);
  }
  Request r;
  r.output = Output::Proposal;
  r.format = Format::Html;
  r.model_text = model;
  r.model_name = "fuzz.toml";
  r.today = "2027-01-04";
  const auto out = engine.handle(r);
  if (out.outcome == Outcome::Ok) {
    const std::string_view doc = out.body;
    require(count(doc, "<style") == 1 && count(doc, "</style>") == 1);
    require(count(doc, "<script") == 0);
    require(count(doc, "http-equiv=\"Content-Security-Policy\"") == 1);
  }
  return 0;
}
