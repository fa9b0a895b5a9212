// The proposal in a real browser: headless Chromium opens it, prints it to PDF and renders it to
// PNG, and the PNG is checked not to be blank. Model strings with markup come out escaped.
#include <png.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;

using attestplan::testing::slurp;

fs::path scratch() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("attestplan-web-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

int sh(const std::string& cmd) {
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Chromium as the machine notes say to start it here: headless, no sandbox as root, no
/// background networking (the network is closed), a fresh profile.
std::string chromium(const std::string& args) {
  return "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic "
         "--no-first-run --disable-background-networking --disable-component-update --disable-sync "
         "--user-data-dir='" + (scratch() / "profile").string() + "' " + args + " >/dev/null 2>&1";
}

/// Decodes a PNG and returns (share of non-white pixels, number of distinct colours).
std::pair<double, std::size_t> ink(const fs::path& file) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, file.c_str())) return {0, 0};
  image.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) return {0, 0};
  std::size_t inked = 0;
  std::set<unsigned> colours;
  for (std::size_t i = 0; i + 2 < pixels.size(); i += 3) {
    const unsigned rgb = (pixels[i] << 16u) | (pixels[i + 1] << 8u) | pixels[i + 2];
    if (rgb != 0xFFFFFFu) ++inked;
    if (colours.size() < 1000) colours.insert(rgb);
  }
  return {static_cast<double>(inked) / static_cast<double>(pixels.size() / 3), colours.size()};
}

}  // namespace

TEST(ProposalInBrowser, PrintsToPdfAndRendersAPageThatIsNotBlank) {
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "chromium is installed by scripts/install-deps";
  const auto html = scratch() / "proposal.html";
  ASSERT_EQ(sh(std::string{"'"} + ATTESTPLAN_BIN + "' proposal '" + ATTESTPLAN_SOURCE_DIR +
               "/models/examples/hr-saas.toml' -o '" + html.string() + "'"),
            0);
  const auto pdf = scratch() / "proposal.pdf";
  const auto png = scratch() / "proposal.png";
  ASSERT_EQ(sh(chromium("--no-pdf-header-footer --print-to-pdf='" + pdf.string() + "' 'file://" + html.string() + "'")), 0);
  const auto pdf_bytes = slurp(pdf);
  EXPECT_EQ(pdf_bytes.rfind("%PDF-", 0), 0u);
  EXPECT_GT(pdf_bytes.size(), 20000u);
  ASSERT_EQ(sh(chromium("--window-size=1280,1600 --screenshot='" + png.string() + "' 'file://" + html.string() + "'")), 0);
  const auto [share, colours] = ink(png);
  EXPECT_GT(share, 0.03) << "the rendered page is (nearly) blank";
  EXPECT_GT(colours, 20u) << "the rendered page has almost no colours: text and diagram missing?";
}

TEST(ProposalInBrowser, ModelStringsAreEscaped) {
  const auto model = scratch() / "hostile.toml";
  {
    std::ofstream out(model);
    std::string text = slurp(fs::path{ATTESTPLAN_SOURCE_DIR} / "models/examples/startup-type1.toml");
    const std::string from = "name = \"Tally Notes Inc.\"";
    text.replace(text.find(from), from.size(), "name = \"Evil <script>alert('x')</script> & \\\"Co\\\"\"");
    const std::string svc = "name = \"Tally Notes (meeting-notes SaaS)\"";
    text.replace(text.find(svc), svc.size(), "name = \"<img src=x onerror=alert(1)>\"");
    out << text;
  }
  const auto html = scratch() / "hostile.html";
  ASSERT_EQ(sh(std::string{"'"} + ATTESTPLAN_BIN + "' proposal '" + model.string() + "' -o '" + html.string() + "'"), 0);
  const auto page = slurp(html);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_NE(page.find("Evil &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"), std::string::npos);
  EXPECT_NE(page.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  // The Markdown form escapes markup too.
  const auto md = scratch() / "hostile.md";
  ASSERT_EQ(sh(std::string{"'"} + ATTESTPLAN_BIN + "' proposal '" + model.string() + "' -o '" + md.string() + "'"), 0);
  const auto text = slurp(md);
  EXPECT_NE(text.find("\\<script\\>"), std::string::npos);
  for (std::size_t at = text.find('<'); at != std::string::npos; at = text.find('<', at + 1)) {
    EXPECT_TRUE(at > 0 && text[at - 1] == '\\') << "unescaped '<' at " << at;
  }
}
