// Hostile input at the core (issue 13): figures far beyond any engagement, dates out of range,
// invalid UTF-8, runaway files, long chains and floods of diagnostics are located errors or bounded
// outputs, never a crash.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "attestplan/boundary.hpp"
#include "attestplan/data.hpp"
#include "attestplan/format.hpp"
#include "attestplan/render.hpp"
#include "attestplan/toml_reader.hpp"
#include "test_models.hpp"

namespace attestplan {

namespace fs = std::filesystem;

TEST(HostileFormat, FiguresBeyondTwoTo63PrintInsteadOfOverflowing) {
  EXPECT_EQ(format_grouped(1e19), "10,000,000,000,000,000,000");
  EXPECT_EQ(format_money(-1e19), "-10,000,000,000,000,000,000");
  EXPECT_EQ(format_grouped(9.3e18), "9,300,000,000,000,000,000");
  EXPECT_EQ(format_grouped(std::numeric_limits<double>::max()).size(),
            309u + 102u);  // digits and commas
  EXPECT_EQ(format_grouped(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(format_grouped(std::nan("")), "nan");
  EXPECT_EQ(format_number(1e300, 2).size(), 301u);
  EXPECT_EQ(format_number(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(format_range(Range{1e19, 1e19, 1e19}, 0), "10000000000000000000");
}

TEST(HostileNumbers, ARangeAboveOneBillionIsALocatedError) {
  Diagnostics diags;
  const std::string file = "opts.toml";
  const auto table = parse_toml("ok = [1, 2, 3]\nhuge = [1e19, 1e19, 1e19]\nbig = 2e9\ninf = inf\n",
                                file, "test", diags);
  ASSERT_TRUE(table);
  TableReader r(*table, "[test]", file, diags);
  EXPECT_TRUE(r.range("ok"));
  EXPECT_FALSE(r.range("huge"));
  EXPECT_FALSE(r.range("big"));
  EXPECT_FALSE(r.range("inf"));
  ASSERT_EQ(diags.error_count(), 3u);
  EXPECT_EQ(diags.items()[0].location.to_string(), "opts.toml:2:8");
  EXPECT_NE(diags.items()[0].message.find("none above 1e9"), std::string::npos);
  EXPECT_EQ(diags.items()[1].location.to_string(), "opts.toml:3:7");
}

TEST(HostileDates, DatesBefore1970OrAfter2199AreLocatedErrors) {
  for (const char* d : {"1969-12-31", "2200-01-01", "0001-01-01", "9999-12-31"}) {
    Diagnostics diags;
    const std::string file = "m.toml";
    const auto table =
        parse_toml(std::string{"start = "} + d + "\nrenewals = [2027-01-01, " + d + "]\n", file,
                   "test", diags);
    ASSERT_TRUE(table);
    TableReader t(*table, "[engagement]", file, diags);
    EXPECT_FALSE(t.date("start")) << d;
    EXPECT_EQ(t.date_array("renewals").size(), 1u) << d;
    ASSERT_EQ(diags.error_count(), 2u) << d;
    EXPECT_EQ(diags.items()[0].location.to_string(), "m.toml:1:9");
    EXPECT_EQ(diags.items()[1].location.to_string(), "m.toml:2:25");
  }
  Diagnostics diags;
  const std::string file = "m.toml";
  const auto table = parse_toml("a = 1970-01-01\nb = 2199-12-31\n", file, "test", diags);
  TableReader t(*table, "[engagement]", file, diags);
  EXPECT_TRUE(t.date("a"));
  EXPECT_TRUE(t.date("b"));
  EXPECT_FALSE(diags.has_errors());
}

TEST(HostileUtf8, ValidatorFollowsRfc3629) {
  EXPECT_EQ(first_invalid_utf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("Fjørd 日本 🙂"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(first_invalid_utf8("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_EQ(first_invalid_utf8("x\xed\xa0\x80"), 1u);     // a surrogate
  EXPECT_EQ(first_invalid_utf8("\xf4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("ok\xe2\x82"), 2u);        // cut short
}

TEST(HostileUtf8, AModelWithInvalidUtf8IsALocatedError) {
  const auto r =
      testing::load("schema = \"attestplan/1\"\n\n[organization]\nname = \"Fj\xf8rd\"\n");
  EXPECT_FALSE(r.model);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics.items().front().location.line, 4u);
  EXPECT_EQ(r.diagnostics.items().front().location.column, 11u);
  EXPECT_NE(r.diagnostics.items().front().message.find("not valid UTF-8 (byte 0xf8"),
            std::string::npos);
}

TEST(HostileFiles, OnlyRegularFilesAreReadAndTheSizeIsBounded) {
  Diagnostics diags;
  EXPECT_FALSE(read_text_file("/dev/zero", diags));
  EXPECT_NE(diags.items().back().message.find("is a device"), std::string::npos);
  const auto dir = fs::temp_directory_path() / ("attestplan-hostile-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  // A sparse file one byte over the bound: refused from its size, nothing read.
  const auto huge = dir / "huge.toml";
  { std::ofstream(huge) << ""; }
  fs::resize_file(huge, kMaxInputBytes + 1);
  EXPECT_FALSE(read_text_file(huge, diags));
  EXPECT_NE(diags.items().back().message.find("larger than 256 MiB"), std::string::npos);
  fs::remove_all(dir);
}

TEST(HostileFiles, AtomicWritesReplaceOnlyRegularFilesAndStaleTemporariesGo) {
  const auto dir =
      fs::temp_directory_path() / ("attestplan-hostile-w-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "target") << "keep";
  fs::create_symlink(dir / "target", dir / "link");
  Diagnostics diags;
  EXPECT_FALSE(write_file_atomically(dir / "link", "new", diags));
  EXPECT_TRUE(fs::is_symlink(dir / "link"));
  fs::create_directory(dir / "sub");
  EXPECT_FALSE(write_file_atomically(dir / "sub", "new", diags));
  EXPECT_EQ(diags.error_count(), 2u);
  // What an interrupted save leaves, and what it does not touch.
  std::ofstream(dir / ".m.toml.tmp-AbC123") << "half";
  std::ofstream(dir / ".other.tmp-x") << "not ours";
  std::ofstream(dir / "m.toml") << "model";
  EXPECT_TRUE(is_atomic_write_temporary(".m.toml.tmp-AbC123"));
  EXPECT_FALSE(is_atomic_write_temporary("m.toml"));
  EXPECT_EQ(remove_stale_temporaries(dir), 1u);
  EXPECT_FALSE(fs::exists(dir / ".m.toml.tmp-AbC123"));
  EXPECT_TRUE(fs::exists(dir / ".other.tmp-x"));
  EXPECT_TRUE(fs::exists(dir / "m.toml"));
  fs::remove_all(dir);
}

TEST(HostileFiles, AStreamedWriteThatTheDiskRefusesSaysWhyAndLeavesTheOldFile) {
  // The disk refuses the write (here: a file-size limit, EFBIG, as a full disk gives ENOSPC): the
  // message carries the system's reason, never a bare "Input/output error", and nothing changes.
  const auto dir =
      fs::temp_directory_path() / ("attestplan-hostile-full-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "out.csv") << "old";
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{256 * 1024, 256 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    Diagnostics diags;
    AtomicFile file(dir / "out.csv", diags);
    for (int i = 0; i < 100'000 && file.ok(); ++i)
      file.stream() << "a line of the document being written\n";
    const bool committed = file.commit(diags);
    const std::string message =
        diags.items().empty() ? std::string{} : diags.items().front().message;
    [[maybe_unused]] const auto n = ::write(fds[1], message.data(), message.size());
    ::_exit(committed ? 1 : 0);
  }
  ::close(fds[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
    message.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the commit should have failed";
  EXPECT_NE(message.find(std::strerror(EFBIG)), std::string::npos) << message;
  EXPECT_EQ(message.find("Input/output"), std::string::npos) << message;
  std::ifstream in(dir / "out.csv");
  std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(kept, "old");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u) << "the temporary file should be gone";
  fs::remove_all(dir);
}

TEST(HostileBoundary, ReasonsAndPathsOfALongChainStayShort) {
  std::string text = testing::minimal_model();
  const auto svc = text.find("uses = [");
  ASSERT_NE(svc, std::string::npos);
  text.insert(svc + 8, "\"k0\", ");
  constexpr int kChain = 3000;
  for (int i = 0; i < kChain; ++i) {
    text += "\n[[component]]\nid = \"k" + std::to_string(i) + "\"\nkind = \"software\"\n";
    if (i + 1 < kChain) text += "uses = [\"k" + std::to_string(i + 1) + "\"]\n";
  }
  const auto r = testing::load(text);
  ASSERT_TRUE(r.model) << r.diagnostics.items().front().message;
  const auto b = resolve_boundary(*r.model, CriteriaCatalog::builtin());
  std::size_t longest = 0, most_ids = 0;
  for (std::size_t i = 0; i < b.nodes.size(); ++i) {
    longest = std::max(longest, b.reason(i).size());
    most_ids = std::max(most_ids, b.path(i).size());
  }
  EXPECT_LT(longest, 200u);
  EXPECT_EQ(most_ids, Boundary::kMaxHopsShown + 1);
}

TEST(HostileDiagnostics, TheJsonReportShowsTheFirstHundredThenACount) {
  Diagnostics diags;
  for (int i = 0; i < 5000; ++i)
    diags.error("problem " + std::to_string(i), SourceLocation{"m.toml", 1, 1});
  const auto json = render_diagnostics_json(diags);
  EXPECT_LT(json.size(), 30'000u);
  EXPECT_NE(json.find("and 4900 more problem(s) not shown; 5000 error(s) in all"),
            std::string::npos);
}

}  // namespace attestplan

TEST(HostileAmplification, ScenariosAndInclusiveVendorsAreBoundedWhereTheModelSaysMore) {
  // Each scenario is a whole estimate, each inclusive vendor some twenty controls more: a small
  // model must not ask for minutes of work or a plan hundreds of times its size.
  std::string scenarios;
  for (int i = 0; i < 5000; ++i)
    scenarios += "\n[[scenario]]\nid = \"s" + std::to_string(i) + "\"\nobservation_months = 6\n";
  const auto text = attestplan::testing::minimal_model(scenarios);
  // The line of the n-th (1-based) occurrence of `header` in `model`.
  const auto line_of = [](const std::string& model, const std::string& header, int n) {
    std::size_t at = 0;
    for (int i = 0; i < n; ++i) at = model.find(header, i == 0 ? 0 : at + 1);
    return static_cast<std::uint32_t>(
        std::count(model.begin(), model.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1);
  };
  const auto many = attestplan::testing::load(text);
  const auto* d = attestplan::testing::find_diag(many, "more than 50 [[scenario]] tables");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->location.line, line_of(text, "[[scenario]]", 51));
  EXPECT_EQ(many.diagnostics.error_count(), 1u);
  std::string fifty;
  for (int i = 0; i < 50; ++i)
    fifty += "\n[[scenario]]\nid = \"s" + std::to_string(i) + "\"\nobservation_months = 6\n";
  EXPECT_FALSE(attestplan::testing::load(attestplan::testing::minimal_model(fifty))
                   .diagnostics.has_errors());

  const auto vendors = [](int n) {
    std::string extra;
    for (int i = 0; i < n; ++i) {
      const auto id = std::to_string(i);
      extra +=
          "\n[[subservice]]\nid = \"v" + id + "\"\nmethod = \"inclusive\"\nreport = \"none\"\n";
    }
    return attestplan::testing::minimal_model(extra);
  };
  EXPECT_FALSE(attestplan::testing::load(vendors(25)).diagnostics.has_errors());
  const auto many_vendors = vendors(5000);
  const auto too_many = attestplan::testing::load(many_vendors);
  const auto* v = attestplan::testing::find_diag(
      too_many, "more than 25 subservice organizations use the inclusive method");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->location.line, line_of(many_vendors, "[[subservice]]",
                                      27));  // the 26th inclusive (the model's own is carved out)
  EXPECT_NE(v->hint.find("carve-out"), std::string::npos);
}
