// read_info_record (elf_info.hpp): the ELF header, the section table, the dynamic symbol table,
// the loadable segments and the relocations, each bounded by the file's size.
#include "elf_info.hpp"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <vector>

#include "attestplan/plugin.hpp"

namespace attestplan::elf {

namespace {

#if defined(__x86_64__)
constexpr std::uint16_t kMachine = EM_X86_64;
constexpr std::uint32_t kRelative = R_X86_64_RELATIVE;
constexpr std::uint32_t kAbsolute = R_X86_64_64;
#elif defined(__aarch64__)
constexpr std::uint16_t kMachine = EM_AARCH64;
constexpr std::uint32_t kRelative = R_AARCH64_RELATIVE;
constexpr std::uint32_t kAbsolute = R_AARCH64_ABS64;
#else
#error "attestplan reads plugin info records on x86-64 and AArch64"
#endif

/// Bounded reads from the file: from its bytes in memory, or from its descriptor (only the parts
/// the record needs are read, not a library's megabytes of code and debug information).
class Bytes {
 public:
  explicit Bytes(std::string_view data) : data_(data), size_(data.size()) {}
  Bytes(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  [[nodiscard]] bool has(std::uint64_t offset, std::uint64_t size) const {
    return offset <= size_ && size <= size_ - offset;
  }
  /// `size` bytes at `offset`, if all of them are in the file.
  [[nodiscard]] std::optional<std::string> read(std::uint64_t offset, std::uint64_t size) const {
    if (!has(offset, size) || size > kMaxRead) return std::nullopt;
    if (fd_ < 0)
      return std::string{
          data_.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(size))};
    std::string out(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
      const auto n =
          ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return std::nullopt;
      done += static_cast<std::size_t>(n);
    }
    return out;
  }
  /// The object of type T at `offset`, if all of it is in the file.
  template <class T>
  [[nodiscard]] std::optional<T> at(std::uint64_t offset) const {
    const auto raw = read(offset, sizeof(T));
    if (!raw) return std::nullopt;
    T value;
    std::memcpy(&value, raw->data(), sizeof(T));
    return value;
  }
  /// The NUL-terminated string at `offset`, cut at `max` bytes; nullopt if it is not in the file.
  [[nodiscard]] std::optional<std::string> string_at(std::uint64_t offset, std::size_t max) const {
    if (offset >= size_) return std::nullopt;
    const auto raw = read(offset, std::min<std::uint64_t>(size_ - offset, max + 1));
    if (!raw) return std::nullopt;
    const auto end = raw->find('\0');
    return raw->substr(0, std::min(end == std::string::npos ? raw->size() : end, max));
  }
  /// A symbol table, a string table, a relocation table: far below this in any real library.
  static constexpr std::uint64_t kMaxRead = 64u * 1024 * 1024;

 private:
  std::string_view data_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

InfoResult unreadable(std::string why) {
  InfoResult r;
  r.kind = InfoResult::Kind::NotReadable;
  r.why = std::move(why);
  return r;
}

/// read_info_record over either kind of Bytes.
InfoResult read_record(const Bytes& bytes, std::string_view symbol, std::size_t max_string) {
  const auto header = bytes.at<Elf64_Ehdr>(0);
  if (!header || std::memcmp(header->e_ident, ELFMAG, SELFMAG) != 0)
    return unreadable("not an ELF file");
  if (header->e_ident[EI_CLASS] != ELFCLASS64 || header->e_ident[EI_DATA] != ELFDATA2LSB ||
      header->e_machine != kMachine) {
    return unreadable("an ELF file for another kind of machine");
  }
  if (header->e_type != ET_DYN) return unreadable("an ELF file that is not a shared library");
  if (header->e_shentsize != sizeof(Elf64_Shdr) || header->e_phentsize != sizeof(Elf64_Phdr) ||
      !bytes.has(header->e_shoff, std::uint64_t{header->e_shnum} * sizeof(Elf64_Shdr)) ||
      !bytes.has(header->e_phoff, std::uint64_t{header->e_phnum} * sizeof(Elf64_Phdr))) {
    return unreadable("a damaged ELF file (its section or segment table is not in the file)");
  }
  std::vector<Elf64_Shdr> sections(header->e_shnum);
  std::vector<Elf64_Phdr> segments(header->e_phnum);
  const auto section_table = bytes.read(header->e_shoff, sections.size() * sizeof(Elf64_Shdr));
  const auto segment_table = bytes.read(header->e_phoff, segments.size() * sizeof(Elf64_Phdr));
  if (!section_table || !segment_table)
    return unreadable("a damaged ELF file (its tables cannot be read)");
  if (!sections.empty()) std::memcpy(sections.data(), section_table->data(), section_table->size());
  if (!segments.empty()) std::memcpy(segments.data(), segment_table->data(), segment_table->size());

  // An address of the loaded library, as an offset in the file (only bytes the file holds).
  const auto file_offset = [&](std::uint64_t address,
                               std::uint64_t size) -> std::optional<std::uint64_t> {
    for (const auto& p : segments) {
      if (p.p_type != PT_LOAD || address < p.p_vaddr) continue;
      const auto into = address - p.p_vaddr;
      if (into > p.p_filesz || size > p.p_filesz - into) continue;
      const auto offset = p.p_offset + into;
      if (offset < p.p_offset || !bytes.has(offset, size)) return std::nullopt;
      return offset;
    }
    return std::nullopt;
  };

  // The symbol, in the dynamic symbol table (what dlsym would find).
  std::optional<Elf64_Sym> found;
  for (const auto& s : sections) {
    if (s.sh_type != SHT_DYNSYM || s.sh_entsize != sizeof(Elf64_Sym) ||
        s.sh_link >= sections.size())
      continue;
    const auto& names = sections[s.sh_link];
    const auto table = bytes.read(s.sh_offset, s.sh_size);
    const auto strings = bytes.read(names.sh_offset, names.sh_size);
    if (!table || !strings)
      return unreadable("a damaged ELF file (its symbol table is not in the file)");
    const std::string_view strtab = *strings;
    for (std::size_t i = 0; i < table->size() / sizeof(Elf64_Sym) && !found; ++i) {
      Elf64_Sym sym;
      std::memcpy(&sym, table->data() + i * sizeof(Elf64_Sym), sizeof sym);
      if (sym.st_name >= strtab.size() || sym.st_shndx == SHN_UNDEF) continue;
      const auto rest = strtab.substr(sym.st_name);
      if (rest.substr(0, rest.find('\0')) == symbol) found = sym;
    }
  }
  if (!found) {
    InfoResult r;
    r.kind = InfoResult::Kind::NoRecord;
    return r;
  }
  if (found->st_size < sizeof(PluginInfoRecord))
    return unreadable("its info record is smaller than this attestplan's");
  const auto record_at = file_offset(found->st_value, sizeof(PluginInfoRecord));
  if (!record_at) return unreadable("its info record is not in the file");

  std::vector<std::optional<std::string>> relocations(
      sections.size());  // read once, when first needed
  // What a pointer in the record points at once loaded: a relocation's addend (RELA), or the
  // address written in place (REL, RELR).
  const auto pointer_target = [&](std::uint64_t address) -> std::optional<std::uint64_t> {
    for (std::size_t k = 0; k < sections.size(); ++k) {
      const auto& s = sections[k];
      if (s.sh_type != SHT_RELA || s.sh_entsize != sizeof(Elf64_Rela)) continue;
      if (!relocations[k]) relocations[k] = bytes.read(s.sh_offset, s.sh_size);
      if (!relocations[k]) continue;
      const auto& table = *relocations[k];
      for (std::size_t i = 0; i < table.size() / sizeof(Elf64_Rela); ++i) {
        Elf64_Rela rel;
        std::memcpy(&rel, table.data() + i * sizeof(Elf64_Rela), sizeof rel);
        if (rel.r_offset != address) continue;
        const auto type = ELF64_R_TYPE(rel.r_info);
        if (type == kRelative) return static_cast<std::uint64_t>(rel.r_addend);
        if (type != kAbsolute || s.sh_link >= sections.size()) return std::nullopt;
        const auto& symtab = sections[s.sh_link];
        const auto sym =
            bytes.at<Elf64_Sym>(symtab.sh_offset + ELF64_R_SYM(rel.r_info) * sizeof(Elf64_Sym));
        if (!sym || sym->st_shndx == SHN_UNDEF) return std::nullopt;
        return sym->st_value + static_cast<std::uint64_t>(rel.r_addend);
      }
    }
    const auto offset = file_offset(address, sizeof(std::uint64_t));
    if (!offset) return std::nullopt;
    return bytes.at<std::uint64_t>(*offset);
  };
  // A string field: nullopt for a null pointer; `ok` false when it points outside the file.
  bool ok = true;
  const auto string_field = [&](std::size_t field,
                                std::size_t max = 0) -> std::optional<std::string> {
    const auto target = pointer_target(found->st_value + field);
    if (!target) {
      ok = false;
      return std::nullopt;
    }
    if (*target == 0) return std::nullopt;
    const auto offset = file_offset(*target, 1);
    auto text = offset ? bytes.string_at(*offset, max ? max : max_string) : std::nullopt;
    if (!text) ok = false;
    return text;
  };

  InfoResult r;
  r.kind = InfoResult::Kind::Found;
  r.record.abi = *bytes.at<std::uint32_t>(*record_at + offsetof(PluginInfoRecord, abi));
  r.record.stage = *bytes.at<std::uint32_t>(*record_at + offsetof(PluginInfoRecord, stage));
  // The ABI is checked before anything else of the record is trusted: another ABI may lay it out
  // differently.
  if (r.record.abi != kPluginAbi) return r;
  r.record.name = string_field(offsetof(PluginInfoRecord, name));
  r.record.version = string_field(offsetof(PluginInfoRecord, version));
  r.record.toolchain = string_field(offsetof(PluginInfoRecord, toolchain));
  r.record.description = string_field(offsetof(PluginInfoRecord, description));
  r.record.kind = *bytes.at<std::uint32_t>(*record_at + offsetof(PluginInfoRecord, kind));
  r.record.descriptor = string_field(offsetof(PluginInfoRecord, descriptor), kMaxDescriptor);
  if (!ok) return unreadable("its info record points outside the file");
  return r;
}

}  // namespace

InfoResult read_info_record(std::string_view file, std::string_view symbol,
                            std::size_t max_string) {
  return read_record(Bytes(file), symbol, max_string);
}

InfoResult read_info_record_of(const std::filesystem::path& path, std::string_view symbol,
                               std::size_t max_string) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return unreadable(std::string{"cannot read it: "} + std::strerror(errno));
  struct stat st {};
  InfoResult r;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    r = unreadable("not a regular file");
  } else {
    r = read_record(Bytes(fd, static_cast<std::uint64_t>(st.st_size)), symbol, max_string);
  }
  ::close(fd);
  return r;
}

}  // namespace attestplan::elf
