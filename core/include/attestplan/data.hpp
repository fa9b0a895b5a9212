// The data files under models/ (criteria, controls, sampling policy, rates, timing, examples),
// embedded as text at build time and read by the same readers as a file on disk that replaces them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attestplan/diagnostics.hpp"
#include "attestplan/export.hpp"

namespace attestplan {

/// A data file's text and the name that locations in it use.
struct DataFile {
  std::string text;
  std::string source_name;  ///< a path on disk, or "builtin:criteria/tsc-2017.toml"
};

/// The embedded copy of `models/<relative_path>`, or nullopt if there is none.
ATTESTPLAN_API std::optional<std::string_view> embedded_data(std::string_view relative_path);
/// Every embedded path, sorted ("criteria/tsc-2017.toml", "examples/hr-saas.toml", ...).
ATTESTPLAN_API std::vector<std::string> embedded_data_names();

/// The most a model or data file may hold (256 MiB): ten times a 1M-component estate's TOML,
/// and a bound on what a read of a runaway input can take.
inline constexpr std::size_t kMaxInputBytes = std::size_t{256} << 20;

/// Reads a regular file as text, at most kMaxInputBytes; on failure adds an error naming the file
/// and returns nullopt. A directory, a device, a FIFO or a socket is refused without reading (a
/// FIFO without a writer would block forever; /dev/zero never ends): pipe into standard input
/// instead.
ATTESTPLAN_API std::optional<DataFile> read_text_file(const std::filesystem::path& path,
                                                      Diagnostics& diags,
                                                      const SourceLocation& referenced_from = {});

/// Reads standard input to its end, at most kMaxInputBytes; the text's name is `name`.
ATTESTPLAN_API std::optional<DataFile> read_standard_input(const std::string& name,
                                                           Diagnostics& diags);

/// `override_path` when given, else the embedded `models/<default_relative>`.
ATTESTPLAN_API std::optional<DataFile> load_data_file(
    const std::optional<std::filesystem::path>& override_path, std::string_view default_relative,
    Diagnostics& diags);

/// Writes `content` to `path` atomically: a temporary file beside it, flushed, renamed, and the
/// directory flushed after the rename, so a reader never sees half a file and a save that
/// returned survives a crash. Only a regular file is replaced: a symbolic link, a device or a
/// directory at `path` is refused. Returns false and adds an error on failure.
ATTESTPLAN_API bool write_file_atomically(const std::filesystem::path& path,
                                          std::string_view content, Diagnostics& diags);

/// A file written as it is made and put in place at commit() with write_file_atomically's
/// guarantees: for an output too large to hold in memory. Until commit() it is a temporary file
/// beside `path`; destroyed without commit(), it is removed and `path` is untouched.
class ATTESTPLAN_API AtomicFile {
 public:
  /// Makes the temporary file; on failure ok() is false and `diags` says why.
  AtomicFile(std::filesystem::path path, Diagnostics& diags);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  [[nodiscard]] bool ok() const { return buffer_ != nullptr; }
  std::ostream& stream() { return out_; }
  /// Flushes the file to disk and renames it over `path`; false (with a located error that says
  /// why, a full disk included) when anything failed, the temporary file then removed.
  bool commit(Diagnostics& diags);

 private:
  class Buffer;  ///< writes to the temporary file's descriptor and keeps the first error
  std::filesystem::path path_;
  std::string temporary_;
  std::unique_ptr<Buffer> buffer_;
  std::ostream out_{nullptr};
};

/// The offset of the first byte of `text` that does not start a valid UTF-8 sequence (RFC 3629:
/// no overlong forms, no surrogates, nothing above U+10FFFF), or npos when all of it is valid.
ATTESTPLAN_API std::size_t first_invalid_utf8(std::string_view text);

/// Whether `name` is a temporary file name write_file_atomically makes (".NAME.tmp-XXXXXX").
ATTESTPLAN_API bool is_atomic_write_temporary(std::string_view name);

/// Removes the temporary files that interrupted atomic writes left in `dir`; returns how many.
ATTESTPLAN_API std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

/// A private folder (mode 0700) in the temporary directory, named `prefix` + this process's id +
/// a random part, removed with everything in it when the object goes. Made after removing the
/// folders of the same prefix whose process is gone (killed before it could remove its own).
/// For what must not outlive a run: a page of client data being printed, the server's socket.
class ATTESTPLAN_API PrivateTempDir {
 public:
  /// `max_path`: the longest path the folder may have (a Unix socket's path is short); when the
  /// temporary directory's is longer, /tmp is used. On failure path() is empty.
  explicit PrivateTempDir(std::string_view prefix, std::size_t max_path = 4096);
  ~PrivateTempDir();
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Removes the folders named `prefix` + process id + "-..." in `dir` whose process is gone (and
/// that are folders, not links); returns how many. PrivateTempDir calls it.
ATTESTPLAN_API std::size_t remove_folders_of_ended_processes(const std::filesystem::path& dir,
                                                             std::string_view prefix);

}  // namespace attestplan
