// Generates a synthetic attestplan model of N components (an imported cloud inventory's shape):
// services on top, software using software and data, infrastructure under it, people accessing
// systems, a few back-edges so the graph has cycles, and two carved-out cloud providers.
// Usage: attestplan-gen-model N > model.toml
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

/// Deterministic so benchmark runs compare like with like.
struct Lcg {
  unsigned long long state = 0x2545F4914F6CDD1DULL;
  unsigned next(unsigned bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>((state >> 33) % bound);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: attestplan-gen-model N   (N components, 10..10000000)\n");
    return 2;
  }
  const long n = std::strtol(argv[1], nullptr, 10);
  if (n < 10 || n > 10'000'000) {
    std::fprintf(stderr, "error: N must be 10..10000000, not '%s'\n", argv[1]);
    return 2;
  }
  Lcg rng;
  const long services = 10;
  // Shares of the inventory by kind: 40% software, 25% data, 25% infrastructure, 10% people.
  const long software = n * 40 / 100, data = n * 25 / 100, infra = n * 25 / 100;
  const long people = n - software - data - infra;
  std::printf(
      "schema = \"attestplan/1\"\n\n[organization]\nname = \"Synthetic Inventory A/S\"\n"
      "employees = 5000\nengineers = 1200\n\n[engagement]\nreport = \"soc2-type2\"\n"
      "observation_months = 12\nstart = \"2027-01-04\"\n\n");
  for (long s = 0; s < services; ++s) {
    std::printf("[[service]]\nid = \"svc-%ld\"\nuses = [\"sw-%u\", \"sw-%u\"]\n\n", s,
                rng.next(static_cast<unsigned>(software)),
                rng.next(static_cast<unsigned>(software)));
  }
  for (long i = 0; i < software; ++i) {
    // Mostly forward edges (i -> higher index) plus an occasional back-edge: cycles exist.
    const long a = (i + 1 + rng.next(50)) % software;
    const long b = rng.next(10) == 0 ? rng.next(static_cast<unsigned>(i + 1)) : (i + 7) % software;
    std::printf(
        "[[component]]\nid = \"sw-%ld\"\nkind = \"software\"\ndeploys = \"daily\"\n"
        "uses = [\"sw-%ld\", \"sw-%ld\", \"db-%u\"]\nruns_on = [\"infra-%u\"]\n\n",
        i, a, b, rng.next(static_cast<unsigned>(data)), rng.next(static_cast<unsigned>(infra)));
  }
  for (long i = 0; i < data; ++i) {
    std::printf(
        "[[component]]\nid = \"db-%ld\"\nkind = \"data\"\nclassification = [\"confidential\"]\n"
        "runs_on = [\"infra-%u\"]\n\n",
        i, rng.next(static_cast<unsigned>(infra)));
  }
  for (long i = 0; i < infra; ++i) {
    std::printf(
        "[[component]]\nid = \"infra-%ld\"\nkind = \"infrastructure\"\nprovided_by = \"%s\"\n\n", i,
        i % 3 == 0 ? "gcp" : "aws");
  }
  for (long i = 0; i < people; ++i) {
    std::printf(
        "[[component]]\nid = \"team-%ld\"\nkind = \"people\"\nheadcount = %u\n"
        "accesses = [\"sw-%u\"]\n\n",
        i, 1 + rng.next(20), rng.next(static_cast<unsigned>(software)));
  }
  std::printf(
      "[[subservice]]\nid = \"aws\"\nname = \"Amazon Web Services\"\nmethod = \"carve-out\"\n"
      "report = \"soc2-type2\"\nreport_period_end = \"2027-03-31\"\ncovers = [\"CC6.4\", "
      "\"CC6.5\", \"A1.2\"]\n\n"
      "[[subservice]]\nid = \"gcp\"\nname = \"Google Cloud\"\nmethod = \"carve-out\"\n"
      "report = \"soc2-type2\"\nreport_period_end = \"2027-06-30\"\ncovers = [\"CC6.4\", "
      "\"CC6.5\", \"A1.2\"]\n");
  return 0;
}
