// The model-file commands as other tools see them: validate, convert, export, import.

#include "clirun.h"

namespace {

using namespace sg::test;

const std::string kExamples = SG_EXAMPLES_DIR;
const std::vector<std::string> kExampleNames{"e-commerce", "login-alert", "cascading-failure"};

std::string example(const std::string &name) {
    return kExamples + "/" + name + ".stormglass.json";
}

std::string quoted(const std::string &path) {
    return "'" + path + "'";
}

// A small valid model; `extra` is spliced into the elements array.
std::string model(const std::string &extra = "") {
    return R"({
  "formatVersion": 1,
  "name": "Tiny",
  "description": "",
  "elements": [
    {"kind": "bus", "id": "orders", "name": "orders"},
    {"kind": "function", "id": "billing", "name": "Billing"},
    {"kind": "rule", "id": "bill", "name": "Bill", "bus": "orders",
     "pattern": "{\"source\":[\"shop\"]}",
     "targets": [{"id": "billing", "destination": "billing"}]})" +
           extra + R"(
  ]
}
)";
}

TEST(CliValidate, EveryBundledExampleHasNoErrors) {
    for (const std::string &name : kExampleNames) {
        const CliRun r = cli("validate " + quoted(example(name)));
        EXPECT_EQ(r.exitCode, 0) << name << ": " << r.out << r.err;
        for (const nlohmann::json &finding : jsonLines(r.out)) {
            EXPECT_NE(finding["severity"], "error") << name << ": " << finding.dump();
            EXPECT_TRUE(finding.contains("code") && finding.contains("message") &&
                        finding.contains("element"));
        }
    }
}

TEST(CliValidate, AnErrorFindingIsAJsonLineAndExitOne) {
    const std::string path = write("bad-retry.stormglass.json", model(R"(,
    {"kind": "rule", "id": "bill-twice", "name": "BillTwice", "bus": "orders",
     "pattern": "{\"source\":[\"shop\"]}",
     "targets": [{"id": "billing", "destination": "billing",
                  "retryPolicy": {"maximumRetryAttempts": 186, "maximumEventAgeSeconds": 3600}}]})"));
    const CliRun r = cli("validate " + quoted(path));
    EXPECT_EQ(r.exitCode, 1) << r.err;
    bool found = false;
    for (const nlohmann::json &f : jsonLines(r.out)) {
        ASSERT_EQ(f.size(), 4u) << f.dump();
        if (f["element"] == "bill-twice" && f["severity"] == "error") {
            found = true;
        }
    }
    EXPECT_TRUE(found) << r.out;
}

TEST(CliValidate, AnUnreadableFileIsExitTwoNamingTheFileAndPosition) {
    const std::string path = write("truncated.stormglass.json", model().substr(0, 120));
    const CliRun r = cli("validate " + quoted(path));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("line"), std::string::npos) << r.err;

    const CliRun missing = cli("validate " + quoted((scratch() / "nope.stormglass").string()));
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_NE(missing.err.find("nope.stormglass"), std::string::npos);
}

TEST(CliConvert, JsonToStormglassAndBackIsByteIdentical) {
    for (const std::string &name : kExampleNames) {
        const std::string db = (scratch() / (name + ".stormglass")).string();
        const std::string back = (scratch() / (name + ".back.stormglass.json")).string();
        std::filesystem::remove(db);
        ASSERT_EQ(cli("convert " + quoted(example(name)) + " " + quoted(db)).exitCode, 0);
        const CliRun r = cli("convert " + quoted(db) + " " + quoted(back));
        ASSERT_EQ(r.exitCode, 0) << r.err;
        EXPECT_EQ(slurp(back), slurp(example(name))) << name;
    }
}

TEST(CliConvert, ABadOutputPathIsExitTwoAndAnUnknownExtensionIsNamed) {
    const std::string in = write("ok.stormglass.json", model());
    const CliRun noDir = cli("convert " + quoted(in) + " /nonexistent-dir/x.stormglass");
    EXPECT_EQ(noDir.exitCode, 2);
    EXPECT_NE(noDir.err.find("/nonexistent-dir/x.stormglass"), std::string::npos) << noDir.err;
    const CliRun badExt =
        cli("convert " + quoted(in) + " " + quoted((scratch() / "x.txt").string()));
    EXPECT_EQ(badExt.exitCode, 2);
    EXPECT_NE(badExt.err.find("x.txt"), std::string::npos) << badExt.err;
}

TEST(CliExport, RulesJsonIsThePutRuleAndPutTargetsInput) {
    const std::string in = write("ok.stormglass.json", model());
    const CliRun r = cli("export " + quoted(in) +
                         " --format rules-json --account 111122223333 "
                         "--region eu-west-1");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const nlohmann::json rules = nlohmann::json::parse(r.out);
    ASSERT_EQ(rules.size(), 1u);
    EXPECT_EQ(rules[0]["putRule"]["Name"], "Bill");
    EXPECT_EQ(rules[0]["putRule"]["EventBusName"], "orders");
    EXPECT_EQ(nlohmann::json::parse(rules[0]["putRule"]["EventPattern"].get<std::string>()),
              nlohmann::json::parse(R"({"source":["shop"]})"));
    EXPECT_EQ(rules[0]["putTargets"]["Rule"], "Bill");
    EXPECT_EQ(rules[0]["putTargets"]["Targets"][0]["Arn"],
              "arn:aws:lambda:eu-west-1:111122223333:function:Billing");
}

TEST(CliExport, EachFormatWritesToStdoutOrAtomicallyToAFile) {
    for (const std::string format :
         {"rules-json", "cloudformation-json", "cloudformation-yaml", "mermaid"}) {
        const CliRun r = cli("export " + quoted(example("e-commerce")) + " --format " + format);
        ASSERT_EQ(r.exitCode, 0) << format << ": " << r.err;
        EXPECT_FALSE(r.out.empty());
        const std::string out = (scratch() / ("export." + format)).string();
        ASSERT_EQ(cli("export " + quoted(example("e-commerce")) + " --format " + format +
                      " --out " + quoted(out))
                      .exitCode,
                  0);
        EXPECT_EQ(slurp(out), r.out) << format;
    }
    EXPECT_EQ(nlohmann::json::parse(
                  cli("export " + quoted(example("e-commerce")) + " --format cloudformation-json")
                      .out)["AWSTemplateFormatVersion"],
              "2010-09-09");
    EXPECT_EQ(cli("export " + quoted(example("e-commerce")) + " --format mermaid")
                  .out.rfind("flowchart", 0),
              0u);
}

TEST(CliExport, AnUnknownFormatOrMissingModelIsExitTwo) {
    const CliRun bad = cli("export " + quoted(example("e-commerce")) + " --format terraform");
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("terraform"), std::string::npos);
    EXPECT_EQ(cli("export " + quoted(example("e-commerce"))).exitCode, 2);
    EXPECT_EQ(
        cli("export " + quoted(example("e-commerce")) + " --format mermaid --account 12").exitCode,
        2);
}

TEST(CliImport, AnExportedTemplateImportsBackToTheSameRules) {
    const std::string cfn = (scratch() / "ecommerce.template.yaml").string();
    ASSERT_EQ(cli("export " + quoted(example("e-commerce")) +
                  " --format cloudformation-yaml --out " + quoted(cfn))
                  .exitCode,
              0);
    const std::string imported = (scratch() / "imported.stormglass.json").string();
    std::filesystem::remove(imported);
    const CliRun r = cli("import " + quoted(cfn) + " --out " + quoted(imported));
    ASSERT_EQ(r.exitCode, 0) << r.err;

    const auto rulesOf = [](const std::string &path) {
        const CliRun e = cli("export " + quoted(path) + " --format rules-json");
        EXPECT_EQ(e.exitCode, 0) << e.err;
        std::map<std::string, nlohmann::json> byName;
        for (nlohmann::json rule : nlohmann::json::parse(e.out)) {
            rule["putRule"]["EventPattern"] =
                nlohmann::json::parse(rule["putRule"]["EventPattern"].get<std::string>());
            byName[rule["rule"]] = rule;
        }
        return byName;
    };
    const auto original = rulesOf(example("e-commerce"));
    const auto back = rulesOf(imported);
    ASSERT_EQ(original.size(), back.size());
    for (const auto &[name, rule] : original) {
        ASSERT_TRUE(back.contains(name)) << name;
        EXPECT_EQ(back.at(name)["putRule"], rule["putRule"]) << name;
        EXPECT_EQ(back.at(name)["putTargets"]["Targets"].size(),
                  rule["putTargets"]["Targets"].size())
            << name;
    }
}

TEST(CliImport, RefusesToReplaceAnExistingModelWithoutForce) {
    const std::string existing = write("keep.stormglass.json", model());
    const std::string before = slurp(existing);
    const std::string cfn = write("t.json", R"({"Resources":{"Bus":{"Type":"AWS::Events::EventBus",
        "Properties":{"Name":"b"}},"Topic":{"Type":"AWS::SNS::Topic"}}})");
    const CliRun refused = cli("import " + quoted(cfn) + " --out " + quoted(existing));
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_EQ(slurp(existing), before);

    const CliRun forced = cli("import " + quoted(cfn) + " --out " + quoted(existing) + " --force");
    EXPECT_EQ(forced.exitCode, 0) << forced.err;
    EXPECT_NE(forced.out.find("not imported: Resources.Topic (AWS::SNS::Topic)"), std::string::npos)
        << forced.out;
}

TEST(CliImport, BadInputIsExitTwoNamingTheFile) {
    const std::string junk = write("junk.yaml", "Resources: [unclosed\n  - : :\n");
    const CliRun r = cli("import " + quoted(junk) + " --out " +
                         quoted((scratch() / "never.stormglass").string()));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("junk.yaml"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(scratch() / "never.stormglass"));
}

} // namespace
