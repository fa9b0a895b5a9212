// Generates a Terraform state (terraform show -json's shape, format_version 1.0) of N resources: an
// AWS estate in modules of 50 resources (a service on a shared cluster, its database and bucket,
// queues, functions, security groups, IAM glue, data sources), with ARNs, tags, references between
// resources and depends_on, for attestplan import's benchmark.
// Usage: attestplan-gen-tfstate N > state.json
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

constexpr const char* kAws = "registry.terraform.io/hashicorp/aws";
constexpr long kPerModule = 50;

/// Writes one resource; `values` is the JSON object's inside, `deps` a JSON array's inside.
void resource(bool& first, const std::string& module, const char* mode, const char* type,
              const std::string& name, const std::string& values, const std::string& deps = {}) {
  const std::string prefix = module.empty() ? "" : module + ".";
  std::printf(
      "%s\n        {\"address\": \"%s%s%s.%s\", \"mode\": \"%s\", \"type\": \"%s\", \"name\": "
      "\"%s\", "
      "\"provider_name\": \"%s\", \"schema_version\": 0, \"values\": {%s}, \"sensitive_values\": "
      "{}%s%s%s}",
      first ? "" : ",", prefix.c_str(), std::string{mode} == "data" ? "data." : "", type,
      name.c_str(), mode, type, name.c_str(), kAws, values.c_str(),
      deps.empty() ? "" : ", \"depends_on\": [", deps.c_str(), deps.empty() ? "" : "]");
  first = false;
}

std::string arn(const char* service, const std::string& rest) {
  return "arn:aws:" + std::string{service} + ":eu-north-1:111122223333:" + rest;
}

std::string tags(const std::string& name, const char* extra = "") {
  return "\"tags\": {\"Name\": \"" + name +
         "\", \"Environment\": \"production\", \"CostCenter\": \"platform\"" + extra + "}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: attestplan-gen-tfstate N   (N resources, 100..100000000)\n");
    return 2;
  }
  char* end = nullptr;
  const long n = std::strtol(argv[1], &end, 10);
  if (!end || *end != '\0' || n < 100 || n > 100'000'000) {
    std::fprintf(stderr, "error: N must be 100..100000000, not '%s'\n", argv[1]);
    return 2;
  }
  const std::string cluster_arn = arn("ecs", "cluster/shared");
  std::printf(
      "{\n  \"format_version\": \"1.0\",\n  \"terraform_version\": \"1.7.5\",\n  \"values\": {\n"
      "    \"root_module\": {\n      \"resources\": [");
  bool first = true;
  resource(first, "", "data", "aws_caller_identity", "current",
           "\"account_id\": \"111122223333\", \"id\": \"111122223333\"");
  resource(first, "", "managed", "aws_ecs_cluster", "shared",
           "\"arn\": \"" + cluster_arn + "\", \"id\": \"" + cluster_arn +
               "\", \"name\": \"shared\", " + tags("shared"));
  resource(first, "", "managed", "aws_vpc", "main",
           "\"arn\": \"" + arn("ec2", "vpc/vpc-0main") +
               "\", \"id\": \"vpc-0main\", \"cidr_block\": \"10.0.0.0/8\"");
  std::printf("\n      ],\n      \"child_modules\": [");
  long written = 3;
  for (long m = 0; written < n; ++m) {
    const std::string mod = "module.svc_" + std::to_string(m);
    const std::string s = "svc-" + std::to_string(m);
    std::printf("%s\n      {\"resources\": [", m ? "," : "");
    first = true;
    const std::string db_arn = arn("rds", "db:" + s), bucket_arn = "arn:aws:s3:::" + s + "-files";
    const std::string sg = "sg-" + std::to_string(1000000 + m),
                      role_arn = "arn:aws:iam::111122223333:role/" + s;
    for (long k = 0; k < kPerModule && written < n; ++k, ++written) {
      const std::string i = std::to_string(k);
      switch (k % 10) {
        case 0:
          resource(first, mod, "managed", "aws_ecs_service", "svc" + i,
                   "\"id\": \"" + arn("ecs", "service/shared/" + s + "-" + i) + "\", \"name\": \"" +
                       s + "-" + i + "\", \"cluster\": \"" + cluster_arn +
                       "\", \"desired_count\": 3, \"iam_role\": \"" + role_arn +
                       "\", \"network_configuration\": [{\"security_groups\": [\"" + sg +
                       "\"], \"subnets\": [\"subnet-a\", \"subnet-b\"], \"assign_public_ip\": "
                       "false}], " +
                       tags(s),
                   written + 1 < n
                       ? "\"" + mod + ".aws_db_instance.db" + std::to_string(k + 1) + "\""
                       : "");
          break;
        case 1:
          resource(
              first, mod, "managed", "aws_db_instance", "db" + i,
              "\"arn\": \"" + db_arn + "-" + i + "\", \"id\": \"db-" + s + "-" + i +
                  "\", \"engine\": \"postgres\", "
                  "\"instance_class\": \"db.m6g.large\", \"password\": \"generated-secret-" +
                  i +
                  "\", "
                  "\"vpc_security_group_ids\": [\"" +
                  sg + "\"], \"storage_encrypted\": true, " +
                  tags(s + "-db", ", \"attestplan:classification\": \"personal,confidential\""));
          break;
        case 2:
          resource(first, mod, "managed", "aws_s3_bucket", "files" + i,
                   "\"arn\": \"" + bucket_arn + i + "\", \"id\": \"" + s + "-files" + i +
                       "\", \"bucket\": \"" + s + "-files" + i + "\", " + tags(s + "-files"));
          break;
        case 3:
          resource(first, mod, "managed", "aws_sqs_queue", "jobs" + i,
                   "\"arn\": \"" + arn("sqs", s + "-jobs" + i) +
                       "\", \"id\": \"https://sqs.eu-north-1.amazonaws.com/"
                       "111122223333/" +
                       s + "-jobs" + i + "\", \"visibility_timeout_seconds\": 30, " + tags(s));
          break;
        case 4:
          resource(first, mod, "managed", "aws_lambda_function", "fn" + i,
                   "\"arn\": \"" + arn("lambda", "function:" + s + "-" + i) + "\", \"id\": \"" + s +
                       "-" + i + "\", \"role\": \"" + role_arn +
                       "\", \"runtime\": \"python3.12\", \"environment\": [{\"variables\": "
                       "{\"QUEUE\": \"" +
                       arn("sqs", s + "-jobs" + std::to_string(k - 1)) +
                       "\", \"API_TOKEN\": \"tok-" + i + "\"}}], " + tags(s));
          break;
        case 5:
          resource(first, mod, "managed", "aws_security_group", "sg" + i,
                   "\"arn\": \"" + arn("ec2", "security-group/" + sg) + "\", \"id\": \"" + sg +
                       "-" + i +
                       "\", \"vpc_id\": \"vpc-0main\", \"ingress\": [{\"from_port\": 443, "
                       "\"to_port\": 443, "
                       "\"protocol\": \"tcp\", \"cidr_blocks\": [\"10.0.0.0/8\"]}]");
          break;
        case 6:
          resource(first, mod, "managed", "aws_iam_role_policy_attachment", "attach" + i,
                   "\"id\": \"" + s + "-attach" + i + "\", \"role\": \"" + s +
                       "\", \"policy_arn\": "
                       "\"arn:aws:iam::aws:policy/AmazonSQSFullAccess\"");
          break;
        case 7:
          resource(first, mod, "managed", "aws_cloudwatch_log_group", "logs" + i,
                   "\"arn\": \"" + arn("logs", "log-group:/" + s + "/" + i) + "\", \"id\": \"/" +
                       s + "/" + i + "\", \"retention_in_days\": 365, " + tags(s));
          break;
        case 8:
          resource(first, mod, "data", "aws_iam_policy_document", "doc" + i,
                   "\"id\": \"" + std::to_string(1000 + k) +
                       "\", \"json\": \"{\\\"Statement\\\": [{\\\"Resource\\\": \\\"" + bucket_arn +
                       "2\\\"}]}\"");
          break;
        default:
          resource(first, mod, "managed", "aws_s3_bucket_versioning", "files" + i,
                   "\"id\": \"" + s + "-files2\", \"bucket\": \"" + s +
                       "-files2\", \"versioning_configuration\": "
                       "[{\"status\": \"Enabled\"}]");
      }
    }
    std::printf("\n      ], \"address\": \"%s\"}", mod.c_str());
  }
  std::printf("\n      ]\n    }\n  }\n}\n");
  return std::ferror(stdout) ? 1 : 0;
}
