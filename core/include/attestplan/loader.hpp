// Reads an engagement model (TOML, schema attestplan/1) into a Model, collecting every problem
// with its file:line:col and a hint.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "attestplan/catalog.hpp"
#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"
#include "attestplan/model.hpp"

namespace attestplan {

/// A reference to an id the model no longer defines, dropped (LoadOptions::removed_ids).
struct DroppedReference {
  std::string id;     ///< what it names
  std::string key;    ///< "uses", "runs_on", ...
  std::string owner;  ///< "service 'platform'"
  SourceLocation where;
};

struct LoadResult {
  std::optional<Model> model;  ///< set only when there are no errors
  std::vector<DroppedReference> dropped_references;
  Diagnostics diagnostics;  ///< errors and warnings, in file order
  /// The text load_model_file read, to quote lines in messages; empty after load_model_text,
  /// whose caller holds the text (a model's text is not copied: at a million components it is
  /// over 100 MB).
  std::string source_text;
};

/// How a model's `include = [...]` is read.
struct LoadOptions {
  /// The folder the model's `include` paths are relative to (the model file's own folder). Unset:
  /// the model has no folder on disk (a built-in example, the server's API), and an `include` is
  /// an error, so that a model sent over HTTP cannot make the server read its files.
  std::optional<std::filesystem::path> include_dir;
  /// Ids an earlier model of the same system defined (drift's baseline): a reference to one of them
  /// that this model no longer defines is dropped and listed in LoadResult::dropped_references,
  /// not an error, so that the removal can be reported as the change it is.
  const std::unordered_set<std::string>* removed_ids = nullptr;
};

/// Loads a model from text. `source_name` is what locations say (usually the path).
///
/// A model may `include = ["imported.toml"]` model overlays: files of [[component]] and
/// [[subservice]] tables (what `attestplan import` writes). The model's own elements win: an
/// included element with the id of a hand-written one is dropped, with a note saying so.
/// Diagnostics in an included file name that file's line and column.
ATTESTPLAN_API LoadResult load_model_text(std::string_view text, std::string source_name,
                                          const CriteriaCatalog& catalog,
                                          const LoadOptions& options = {});

/// Loads a model file; a missing or unreadable file is an error diagnostic, not an exception.
/// Its `include` paths are taken from the file's folder.
ATTESTPLAN_API LoadResult load_model_file(const std::filesystem::path& path,
                                          const CriteriaCatalog& catalog);

}  // namespace attestplan
