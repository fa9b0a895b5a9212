// boundary_to_svg: loads libattestplan-graphviz (beside libattestplan-core) the first time a
// picture is asked for, and keeps it loaded for the life of the process.
#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "attestplan/boundary.hpp"

namespace attestplan {

namespace {

using RenderFn = int (*)(const Model*, const Boundary*, std::size_t, std::string*);

RenderFn renderer() {
  static RenderFn fn = nullptr;
  static std::string error;
  static std::once_flag once;
  std::call_once(once, [] {
    // The Graphviz library sits in the same folder as this one, in the build tree and installed.
    Dl_info self{};
    std::filesystem::path dir;
    if (dladdr(reinterpret_cast<void*>(&renderer), &self) != 0 && self.dli_fname) {
      dir = std::filesystem::path{self.dli_fname}.parent_path();
    }
    const auto path = (dir / "libattestplan-graphviz.so").string();
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      error = std::string{"cannot load the Graphviz renderer: "} + dlerror();
      return;
    }
    fn = reinterpret_cast<RenderFn>(dlsym(handle, "attestplan_render_boundary_svg"));
    if (!fn) error = path + " has no attestplan_render_boundary_svg";
  });
  if (!fn) throw std::runtime_error(error);
  return fn;
}

}  // namespace

std::string boundary_to_svg(const Model& model, const Boundary& boundary, std::size_t group_above) {
  std::string out;
  if (renderer()(&model, &boundary, group_above, &out) != 0) throw std::runtime_error(out);
  return out;
}

}  // namespace attestplan
