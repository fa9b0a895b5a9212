// Tests for data.cpp: the embedded models/ tree, reading files, atomic writes.
#include "attestplan/data.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "attestplan/toml_reader.hpp"

namespace attestplan {

TEST(EmbeddedData, EveryModelsFileIsEmbedded) {
  const std::filesystem::path models = std::string{ATTESTPLAN_SOURCE_DIR} + "/models";
  std::size_t on_disk = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(models)) {
    if (entry.path().extension() != ".toml") continue;
    ++on_disk;
    const auto rel = std::filesystem::relative(entry.path(), models).generic_string();
    EXPECT_TRUE(embedded_data(rel)) << rel;
  }
  EXPECT_EQ(on_disk, embedded_data_names().size());
}

TEST(AtomicWrite, ReplacesWholeOrLeavesTheOldFile) {
  const auto dir = std::filesystem::temp_directory_path() / "attestplan-atomic-test";
  std::filesystem::create_directories(dir);
  const auto target = dir / "out.txt";
  Diagnostics diags;
  ASSERT_TRUE(write_file_atomically(target, "first", diags));
  ASSERT_TRUE(write_file_atomically(target, "second", diags));
  EXPECT_EQ(read_text_file(target, diags)->text, "second");
  EXPECT_FALSE(write_file_atomically(dir / "missing-dir" / "x.txt", "data", diags));
  EXPECT_TRUE(diags.has_errors());
  // No temporary files are left behind.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
  std::filesystem::remove_all(dir);
}

TEST(ReadTextFile, ReadsFilesAndPipesWholeWhateverTheirSize) {
  const auto dir = std::filesystem::temp_directory_path() / "attestplan-read-test";
  std::filesystem::create_directories(dir);
  Diagnostics diags;
  // Regular files: empty, small, and larger than the first guess for a pipe (16 KiB).
  std::string big;
  for (int i = 0; big.size() < 100000; ++i) big += "line " + std::to_string(i) + "\n";
  for (const std::string& text : {std::string{}, std::string{"a = 1\n"}, big}) {
    ASSERT_TRUE(write_file_atomically(dir / "f.toml", text, diags));
    const auto read = read_text_file(dir / "f.toml", diags);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->text, text);
  }
  // A pipe is not read (one without a writer would block for ever): standard input is the way in.
  const auto fifo = dir / "pipe";
  std::filesystem::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Diagnostics fifo_diags;
  EXPECT_FALSE(read_text_file(fifo, fifo_diags));
  ASSERT_TRUE(fifo_diags.has_errors());
  EXPECT_NE(fifo_diags.items().front().message.find("is a FIFO, not a regular file"),
            std::string::npos);
  EXPECT_FALSE(diags.has_errors());
  std::filesystem::remove_all(dir);
}

TEST(TableReader, AnUnknownKeyIsNamedWithTheKeysAskedForEachOnce) {
  Diagnostics diags;
  const std::string file = "t.toml";  // the reader keeps a reference to the file name
  const auto table = parse_toml("alpha = 1\nbeta = \"b\"\nzzz = true\n", file, "test", diags);
  ASSERT_TRUE(table);
  TableReader r(*table, "[test]", file, diags);
  EXPECT_EQ(r.integer("alpha", 0, 9), 1);
  EXPECT_EQ(r.integer("alpha", 0, 9), 1);  // asked twice
  EXPECT_EQ(r.string("beta"), "b");
  EXPECT_FALSE(r.string("gamma"));  // asked, absent
  r.check_unknown_keys();
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].message, "unknown key 'zzz' in [test]");
  EXPECT_EQ(diags.items()[0].location.line, 3);
  EXPECT_EQ(diags.items()[0].hint, "known keys: alpha, beta, gamma");
}

}  // namespace attestplan
