// Data files: the embedded models/ tree, reading text files, and atomic writes.
#include "attestplan/data.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <streambuf>
#include <utility>
#include <vector>

#include "embedded.hpp"

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

namespace {

const char* kind_of_file(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

std::string too_large(const std::string& name) {
  return "'" + name + "' is larger than " + std::to_string(kMaxInputBytes >> 20) +
         " MiB, the most attestplan reads";
}

/// Reads `fd` to its end into `text` (sized as a first guess), at most kMaxInputBytes. Returns
/// 0, an errno, or -1 when the input is larger than the bound.
int read_bounded(int fd, std::string& text) {
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (text.size() > kMaxInputBytes) return -1;
      text.resize(std::min(text.size() * 2, kMaxInputBytes + 1));
    }
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n > 0) {
      got += static_cast<std::size_t>(n);
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      return errno;
    }
  }
  if (got > kMaxInputBytes) return -1;
  text.resize(got);
  return 0;
}

}  // namespace

std::optional<DataFile> read_text_file(const std::filesystem::path& path, Diagnostics& diags,
                                       const SourceLocation& referenced_from) {
  const auto where = referenced_from.file.empty() ? SourceLocation{path.string()} : referenced_from;
  const auto cannot_open = [&] {
    diags.error("cannot open '" + path.string() + "': " + std::strerror(errno), where,
                "check the path; relative paths are taken from the current directory");
    return std::nullopt;
  };
  // O_NONBLOCK: opening a FIFO with no writer must not wait; nothing but a regular file is read.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return cannot_open();
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return cannot_open();
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    diags.error("'" + path.string() + "' is " + kind_of_file(st.st_mode) + ", not a regular file",
                where, "give a file, or '-' and pipe the text into standard input");
    return std::nullopt;
  }
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxInputBytes) {
    ::close(fd);
    diags.error(too_large(path.string()), where);
    return std::nullopt;
  }
  // Read straight into the string, sized from fstat (one byte more, so the read that finds the end
  // is the same one), growing it for a file that grew meanwhile, up to the bound.
  std::string text(static_cast<std::size_t>(st.st_size) + 1, '\0');
  const int status = read_bounded(fd, text);
  ::close(fd);
  if (status == -1) {
    diags.error(too_large(path.string()), where);
    return std::nullopt;
  }
  if (status != 0) {
    diags.error("cannot read '" + path.string() + "': " + std::strerror(status), where);
    return std::nullopt;
  }
  return DataFile{std::move(text), path.string()};
}

std::optional<DataFile> read_standard_input(const std::string& name, Diagnostics& diags) {
  std::string text(65536, '\0');
  const int status = read_bounded(STDIN_FILENO, text);
  if (status == -1) {
    diags.error(too_large(name), SourceLocation{name});
    return std::nullopt;
  }
  if (status != 0) {
    diags.error("cannot read standard input: " + std::string{std::strerror(status)},
                SourceLocation{name});
    return std::nullopt;
  }
  return DataFile{std::move(text), name};
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

namespace {

std::filesystem::path folder_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path{"."};
}

/// Refuses to replace anything but a regular file, then makes the temporary file beside `path`:
/// its descriptor (or -1, with the error in `diags`) and its name in `tmpl`.
int make_temporary(const std::filesystem::path& path, std::string& tmpl, Diagnostics& diags) {
  struct stat existing {};
  if (::lstat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
    diags.error("will not write '" + path.string() + "': it is " + kind_of_file(existing.st_mode) +
                    ", and attestplan replaces only regular files",
                {path.string()}, "name a new file or a regular one");
    return -1;
  }
  // A writer killed before its rename (kill -9) leaves its temporary file: the next write of the
  // same file removes those an hour old or more (a live writer's is younger).
  const std::string prefix = "." + path.filename().string() + ".tmp-";
  std::error_code ec;
  const auto hour_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours{1};
  for (const auto& e : std::filesystem::directory_iterator(folder_of(path), ec)) {
    const auto name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || !is_atomic_write_temporary(name)) continue;
    std::error_code item_ec;
    if (e.is_regular_file(item_ec) && e.last_write_time(item_ec) < hour_ago && !item_ec) {
      std::filesystem::remove(e.path(), item_ec);
    }
  }
  tmpl = (folder_of(path) / (prefix + "XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    diags.error("cannot write '" + path.string() + "': " + std::strerror(errno), {path.string()});
  return fd;
}

/// Flushes the written temporary file `fd` (closing it), renames it over `path` and flushes the
/// folder; removes it when anything fails. `ok` false: the writing already failed (`err` why).
bool put_in_place(int fd, const std::string& tmpl, const std::filesystem::path& path, bool ok,
                  int err, Diagnostics& diags) {
  ok = ok && ::fsync(fd) == 0;
  if (!ok && err == 0) err = errno;
  ::close(fd);
  // Keep the usual permissions of a new file (mkstemp makes it 0600).
  ::chmod(tmpl.c_str(), 0644);
  if (!ok || std::rename(tmpl.c_str(), path.c_str()) != 0) {
    if (ok) err = errno;
    std::remove(tmpl.c_str());
    diags.error("cannot write '" + path.string() + "': " + std::strerror(err), {path.string()});
    return false;
  }
  // The rename is durable only once the directory's entry is on disk.
  if (const int dfd = ::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dfd >= 0) {
    const bool synced = ::fsync(dfd) == 0;
    const int e = errno;
    ::close(dfd);
    if (!synced) {
      diags.error("cannot flush the folder of '" + path.string() + "': " + std::strerror(e),
                  {path.string()});
      return false;
    }
  }
  return true;
}

}  // namespace

/// A stream buffer over a file descriptor that remembers why a write failed (errno), so a full
/// disk is reported as one (a std::ofstream keeps only that something failed).
class AtomicFile::Buffer : public std::streambuf {
 public:
  explicit Buffer(int fd) : fd_(fd), buffer_(64 * 1024) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  ~Buffer() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] int error() const { return error_; }
  /// Gives the descriptor to the caller (to flush and close).
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    if (error_ != 0) return false;
    const char* p = pbase();
    while (p < pptr()) {
      const auto n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = n < 0 ? errno : EIO;
        return false;
      }
      p += n;
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return true;
  }

  int fd_;
  int error_ = 0;
  std::vector<char> buffer_;
};

AtomicFile::AtomicFile(std::filesystem::path path, Diagnostics& diags) : path_(std::move(path)) {
  const int fd = make_temporary(path_, temporary_, diags);
  if (fd < 0) return;
  buffer_ = std::make_unique<Buffer>(fd);
  out_.rdbuf(buffer_.get());
}

AtomicFile::~AtomicFile() {
  if (buffer_) {
    out_.rdbuf(nullptr);
    buffer_.reset();
    std::remove(temporary_.c_str());
  }
}

bool AtomicFile::commit(Diagnostics& diags) {
  if (!buffer_) return false;
  out_.flush();
  const bool written = static_cast<bool>(out_) && buffer_->error() == 0;
  const int err = buffer_->error() != 0 ? buffer_->error() : (written ? 0 : EIO);
  out_.rdbuf(nullptr);
  const int fd = buffer_->release();
  buffer_.reset();
  return put_in_place(fd, temporary_, path_, written, err, diags);
}

bool write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           Diagnostics& diags) {
  std::string tmpl;
  const int fd = make_temporary(path, tmpl, diags);
  if (fd < 0) return false;
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
  return put_in_place(fd, tmpl, path, ok, ok ? 0 : errno, diags);
}

std::size_t first_invalid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range (RFC 3629 table)
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

bool is_atomic_write_temporary(std::string_view name) {
  constexpr std::string_view kMark = ".tmp-";
  if (name.size() < 1 + kMark.size() + 6 || name.front() != '.') return false;
  const auto mark = name.rfind(kMark);
  return mark != std::string_view::npos && mark > 1 && name.size() - mark - kMark.size() == 6;
}

std::size_t remove_stale_temporaries(const std::filesystem::path& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (!is_atomic_write_temporary(e.path().filename().string())) continue;
    std::error_code type_ec, rm_ec;
    if (e.is_regular_file(type_ec) && std::filesystem::remove(e.path(), rm_ec)) ++removed;
  }
  return removed;
}

std::size_t remove_folders_of_ended_processes(const std::filesystem::path& dir,
                                              std::string_view prefix) {
  std::size_t removed = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const auto rest = std::string_view{name}.substr(prefix.size());
    const auto dash = rest.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash > 9 ||
        !std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(dash),
                     [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    const auto owner = static_cast<pid_t>(std::stol(std::string{rest.substr(0, dash)}));
    if (owner <= 0 || ::kill(owner, 0) == 0 || errno == EPERM)
      continue;  // still running (or not ours to ask)
    std::error_code item_ec;
    if (!it->is_directory(item_ec) || it->is_symlink(item_ec)) continue;
    if (std::filesystem::remove_all(it->path(), item_ec) > 0 && !item_ec) ++removed;
  }
  return removed;
}

PrivateTempDir::PrivateTempDir(std::string_view prefix, std::size_t max_path) {
  std::error_code ec;
  std::filesystem::path base = std::filesystem::temp_directory_path(ec);
  const std::string name = std::string{prefix} + std::to_string(::getpid()) + "-XXXXXX";
  if (ec || (base / name).string().size() > max_path) base = "/tmp";
  remove_folders_of_ended_processes(base, prefix);
  std::string pattern = (base / name).string();
  if (pattern.size() <= max_path && ::mkdtemp(pattern.data()))
    path_ = pattern;  // mkdtemp makes it 0700
}

PrivateTempDir::~PrivateTempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

}  // namespace attestplan
