// Data files: the embedded models/ tree, reading text files, and atomic writes.
#include "attestplan/data.hpp"

#include "embedded.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace attestplan {

std::optional<std::string_view> embedded_data(std::string_view relative_path) {
  for (const auto& f : embedded::files()) {
    if (f.name == relative_path) return f.text;
  }
  return std::nullopt;
}

std::vector<std::string> embedded_data_names() {
  std::vector<std::string> names;
  for (const auto& f : embedded::files()) names.emplace_back(f.name);
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<DataFile> read_text_file(const std::filesystem::path& path, Diagnostics& diags,
                                       const SourceLocation& referenced_from) {
  const auto where = referenced_from.file.empty() ? SourceLocation{path.string()} : referenced_from;
  const auto cannot_open = [&] {
    diags.error("cannot open '" + path.string() + "': " + std::strerror(errno), where,
                "check the path; relative paths are taken from the current directory");
    return std::nullopt;
  };
  // One open, one fstat and reads straight into the string: no stream machinery for a file that
  // is read whole.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return cannot_open();
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return cannot_open();
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    diags.error("'" + path.string() + "' is a directory, not a file", where);
    return std::nullopt;
  }
  // Read straight into the string, sized from fstat (one byte more, so the read that finds the end
  // is the same one), growing it for files that are not regular or grew meanwhile. No buffer on
  // the stack: a large one pushes the parse that follows onto stack pages not yet touched.
  std::string text(S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : 16384, '\0');
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) text.resize(text.size() * 2);
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n > 0) {
      got += static_cast<std::size_t>(n);
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      const int saved = errno;
      ::close(fd);
      errno = saved;
      diags.error("cannot read '" + path.string() + "': " + std::strerror(errno), where);
      return std::nullopt;
    }
  }
  ::close(fd);
  text.resize(got);
  return DataFile{std::move(text), path.string()};
}

std::optional<DataFile> load_data_file(const std::optional<std::filesystem::path>& override_path,
                                       std::string_view default_relative, Diagnostics& diags) {
  if (override_path) return read_text_file(*override_path, diags);
  for (const auto& f : embedded::files()) {
    if (f.name == default_relative) {
      return DataFile{std::string{f.text}, "builtin:" + std::string{default_relative}};
    }
  }
  diags.error("no built-in data file '" + std::string{default_relative} + "'", {});
  return std::nullopt;
}

bool write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           Diagnostics& diags) {
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path{"."};
  std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    diags.error("cannot write '" + path.string() + "': " + std::strerror(errno), {path.string()});
    return false;
  }
  std::size_t written = 0;
  bool ok = true;
  while (written < content.size()) {
    const auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ok = false;
      break;
    }
    written += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  // Keep the usual permissions of a new file (mkstemp makes it 0600).
  ::chmod(tmpl.c_str(), 0644);
  if (!ok || std::rename(tmpl.c_str(), path.c_str()) != 0) {
    const int err = ok ? errno : saved_errno;
    std::remove(tmpl.c_str());
    diags.error("cannot write '" + path.string() + "': " + std::strerror(err), {path.string()});
    return false;
  }
  return true;
}

}  // namespace attestplan
