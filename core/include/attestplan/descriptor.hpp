// What a plugin declares of itself, read from its info record without running any of its code:
// the data files it reads (each a command-line flag, a server parameter and an input of a quote),
// its options under [plugins.NAME], and the parameters a firm's history can calibrate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/diagnostics.hpp"
#include "attestplan/estimate.hpp"
#include "attestplan/export.hpp"

namespace attestplan {

/// A data file a plugin reads: replaced by `--KEY FILE` on the command line, `KEY=NAME` (a file
/// of the workspace) on the server, `KEY = "FILE"` in a firm file.
struct DataFileDecl {
  std::string key;  ///< "rates": a flag's name, a-z, 0-9 and '-'
  /// The embedded default: its path under models/ (attestplan's own data). Empty for a firm's
  /// plugin, which reads the file only when one is given (ctx.data_overrides).
  std::string builtin;
  std::string help;   ///< for --help: "Rate card replacing the built-in one"
  std::string label;  ///< what one is called, for people: "rate card"
  /// A top-level table that marks a file of this kind ("rates"), for the workspace's lists; empty
  /// when the kind cannot be told from the content.
  std::string marker;
  bool money = false;  ///< it prices (only the outputs that show money take it)
  /// The plugin reads it only when the model's options for it ask (`on_request = true`): what a
  /// quote rests on lists it only then, or when the file is given.
  bool on_request = false;
  /// The plugin that declares it and the stage it serves: filled in by the host.
  std::string plugin;
  Stage stage = Stage::Scope;
};

/// An option of the plugin's own table in the model.
struct OptionDecl {
  std::string key;
  std::string type;      ///< as people read it: "number", "boolean", "[low, likely, high]"
  std::string fallback;  ///< what applies when it is not set, in words
  std::string help;
};

/// A parameter of the plugin's effort model that a firm's history can calibrate: a profile scales
/// it (attestplan calibrate). `stage` is the audit stage whose hours it moves.
struct ParameterDecl {
  std::string name;
  std::string stage;  ///< an audit stage id ("planning", ...), or "" when it moves several
  std::string help;
};

/// The report types a plugin serves when its descriptor names none: the attestation types (Type 1
/// and Type 2), which every plugin written before the certification type served.
inline constexpr ReportType kAttestationTypes[] = {ReportType::Type1, ReportType::Type2};

struct Descriptor {
  /// The report types it serves (`report_types = ["certification"]`): a model's report of another
  /// type is served by another plugin. kAttestationTypes when the descriptor names none.
  std::vector<ReportType> report_types{std::begin(kAttestationTypes), std::end(kAttestationTypes)};
  /// The subject matters it serves (`subjects = ["control-objectives"]`): a framework's `subject`
  /// says what its reports are on (frameworks.hpp). None named: every subject.
  std::vector<std::string> subjects;
  std::vector<DataFileDecl> data;
  std::vector<OptionDecl> options;
  std::vector<ParameterDecl> parameters;
};

/// Reads a plugin's descriptor (TOML text). Problems are diagnostics located in "NAME's
/// descriptor"; nullopt when it does not read.
ATTESTPLAN_API std::optional<Descriptor> parse_descriptor(std::string_view text,
                                                          const std::string& plugin,
                                                          Diagnostics& diags);

/// Keys the core reads itself, which no plugin may declare as a data file.
ATTESTPLAN_API bool is_reserved_data_key(std::string_view key);

}  // namespace attestplan
