// The plugin contract seen from outside the plugins: no layer of attestplan (core, analyses, firm,
// request, render, server, cli, the web UI) knows a built-in plugin by its name, its ledger kinds
// or its line ids. Readers go by the contract's roles (phases, costs beside the fee, findings) and
// figures. And the layers' own order: the CLI and the server include no header of the layers the
// request layer keeps to itself (the compiler holds it too: tests/layers).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kSource{ATTESTPLAN_SOURCE_DIR};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_source(const fs::path& p) {
  const auto ext = p.extension().string();
  return ext == ".cpp" || ext == ".hpp" || ext == ".js" || ext == ".mjs" || ext == ".html" ||
         ext == ".css" || ext == ".cmake" || p.filename() == "CMakeLists.txt";
}

/// Every source file under the given folders of the tree.
std::vector<fs::path> sources_under(std::initializer_list<const char*> folders) {
  std::vector<fs::path> files;
  for (const char* folder : folders) {
    for (const auto& e : fs::recursive_directory_iterator(kSource / folder)) {
      if (e.is_regular_file() && is_source(e.path())) files.push_back(e.path());
    }
  }
  return files;
}

/// What the built-in plugins call their own: names, ledger kinds, line-id prefixes, data-file keys.
struct BuiltinWords {
  std::set<std::string> names, kinds, line_prefixes, data_keys;
};

BuiltinWords builtin_words() {
  BuiltinWords w;
  const std::regex name{R"(ATTESTPLAN_PLUGIN\(\s*\w+\s*,\s*"([^"]+)\")"};
  const std::regex kind{R"(\.kind\s*=\s*"([^"]+)\")"};
  const std::regex id{R"(\.id\s*=\s*(?:cat\()?\"([a-z]+)\.)"};
  const std::regex data_key{R"re(\[\[data\]\]\s*\nkey = "([^"]+)")re"};
  for (const auto& file : sources_under({"plugins"})) {
    const auto text = read(file);
    for (auto [re, into] : {std::pair{&name, &w.names}, std::pair{&kind, &w.kinds},
                            std::pair{&id, &w.line_prefixes}, std::pair{&data_key, &w.data_keys}}) {
      for (std::sregex_iterator it(text.begin(), text.end(), *re), end; it != end; ++it)
        into->insert((*it)[1]);
    }
  }
  return w;
}

/// "file:line: text" of each line of `files` that `hit` matches.
template <class Hit>
std::vector<std::string> lines_where(const std::vector<fs::path>& files, Hit hit) {
  std::vector<std::string> found;
  for (const auto& f : files) {
    std::istringstream in(read(f));
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (hit(line))
        found.push_back(fs::relative(f, kSource).string() + ":" + std::to_string(n) + ": " + line);
    }
  }
  return found;
}

std::string listed(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "\n  " + l;
  return out;
}

const std::initializer_list<const char*> kLayers = {"core",   "analyses", "firm", "request",
                                                    "render", "server",   "cli",  "web/src"};

}  // namespace

TEST(Contract, TheBuiltinPluginsDeclareWhatTheOtherLayersMustNotName) {
  const auto w = builtin_words();
  // The scan itself works: the built-ins and their vocabularies are found.
  EXPECT_EQ(w.names, (std::set<std::string>{"certification-timing", "isms-scope", "iso-audit-time",
                                            "objectives-scope", "observation-timing",
                                            "rate-card-cost", "sampling-effort", "tsc-scope"}));
  EXPECT_TRUE(w.kinds.count("fee-total") && w.kinds.count("other-cost") &&
              w.kinds.count("client-hours"));
  EXPECT_TRUE(w.line_prefixes.count("cost") && w.line_prefixes.count("timing"));
  EXPECT_EQ(w.data_keys, (std::set<std::string>{"additional-criteria", "annex-a", "audit-time",
                                                "certification-cycle", "controls", "objectives",
                                                "rates", "sampling", "timing"}));
}

TEST(Contract, NoLayerNamesABuiltinPlugin) {
  const auto w = builtin_words();
  const auto found = lines_where(sources_under(kLayers), [&](const std::string& line) {
    return std::any_of(w.names.begin(), w.names.end(),
                       [&](const std::string& n) { return line.find(n) != std::string::npos; });
  });
  EXPECT_TRUE(found.empty()) << "built-in plugin names outside plugins/:" << listed(found);
}

TEST(Contract, NoLayerReadsABuiltinPluginsLedgerKindOrLineId) {
  const auto w = builtin_words();
  std::vector<std::regex> patterns;
  for (const auto& k : w.kinds) {
    // A comparison with the kind (C++ or JavaScript), in either order.
    patterns.emplace_back(R"(kind\s*[!=]==?\s*["'])" + k + R"(["'])");
    patterns.emplace_back(R"(["'])" + k + R"(["']\s*[!=]==?\s*\w*\.?kind\b)");
  }
  for (const auto& p : w.line_prefixes) {
    // A string literal that starts with one of the plugins' line ids ("cost.other.travel").
    patterns.emplace_back(R"(["'`])" + p + R"(\.[a-z])");
  }
  const auto found = lines_where(sources_under(kLayers), [&](const std::string& line) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::regex& re) { return std::regex_search(line, re); });
  });
  EXPECT_TRUE(found.empty()) << "a built-in plugin's kinds or line ids outside plugins/:"
                             << listed(found);
}

TEST(Contract, NoLayerUsesABuiltinPluginsDataFileKey) {
  // The data files' flags, request parameters, firm-file keys and workspace kinds come from the
  // plugins' descriptors; the words themselves ("timing", "controls") may name other things.
  const auto w = builtin_words();
  ASSERT_FALSE(w.data_keys.empty());
  std::vector<std::regex> patterns;
  for (const auto& k : w.data_keys) {
    for (const std::string& p :
         {R"(["'`]--)" + k + R"(\b)",               // a flag, in a string
          R"([?&])" + k + "=",                      // a request's parameter
          R"(["'`])" + k + R"(/[a-z0-9-]+\.toml)",  // its built-in file
          R"(\{\s*")" + k + R"(",)",                // a pair in a table of keys
          R"((param|has_param|get_param_value|emplace|find)\(\s*")" + k + R"(")",
          R"((data_files|data_overrides)\s*\[\s*")" + k + R"(")",
          R"(kind\s*[!=]==?\s*["'])" + k + R"(["'])", R"(["'])" + k + R"(["']\s*[!=]==?)"}) {
      patterns.emplace_back(p);
    }
  }
  const auto found = lines_where(sources_under(kLayers), [&](const std::string& line) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::regex& re) { return std::regex_search(line, re); });
  });
  EXPECT_TRUE(found.empty()) << "a built-in plugin's data-file key outside plugins/:"
                             << listed(found);
}

TEST(Layers, TheCliAndTheServerIncludeNoHeaderOfTheLayersBelowTheRequestLayer) {
  // Every header of the renderers, the analyses and the firm's layer, by the name it is included.
  std::vector<std::string> below;
  for (const char* folder :
       {"render/include/attestplan", "analyses/include/attestplan", "firm/include/attestplan"}) {
    for (const auto& e : fs::directory_iterator(kSource / folder))
      below.push_back("\"attestplan/" + e.path().filename().string() + "\"");
  }
  EXPECT_GE(below.size(), 10u) << "the scan found the layers' headers";
  const auto found = lines_where(sources_under({"cli", "server"}), [&](const std::string& line) {
    return line.starts_with("#include") &&
           std::any_of(below.begin(), below.end(),
                       [&](const std::string& h) { return line.find(h) != std::string::npos; });
  });
  EXPECT_TRUE(found.empty())
      << "a header below the request layer included by the CLI or the server:" << listed(found);
}
