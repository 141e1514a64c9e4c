// The `.stormglass` project file: what is saved opens again unchanged, older files open and are
// upgraded by a save, newer and damaged files are refused with a message naming them, and a
// crash at any point of a save leaves the previous content readable.

#include "io/projectfile.h"
#include "io/projectjson.h"
#include "io/sqlite.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace sg::model;
namespace fs = std::filesystem;

// --- A project with every kind of element ------------------------------------------------------

Project richProject() {
    Project p;
    p.setInfo("Shop", "Orders fan out to billing and shipping.\nSecond line, \"quoted\", ünïcode.");

    BoundedContext sales;
    sales.id = {"sales"};
    sales.name = "Sales";
    sales.region = {-40, -40, 1200.5, 800};
    sales.color = "#ffeecc";

    EventType placed;
    placed.id = {"order-placed"};
    placed.name = "OrderPlaced";
    placed.context = {"sales"};
    placed.position = {10, 20};
    placed.source = "com.shop.orders";
    placed.detailType = "OrderPlaced";
    placed.schema = Json::parse(R"({"type":"object","required":["orderId"],
        "properties":{"orderId":{"type":"string"},"total":{"type":"number"}}})");
    placed.samples.push_back(Json::parse(R"({"version":"0","id":"1","source":"com.shop.orders",
        "detail-type":"OrderPlaced","account":"123456789012","time":"2026-01-01T00:00:00Z",
        "region":"eu-west-1","resources":[],"detail":{"orderId":"o-1","total":12.5}})"));

    Bus orders;
    orders.id = {"orders-bus"};
    orders.name = "orders";
    orders.position = {300, 40};
    orders.archives.push_back({"all-orders", "everything", "", 30});
    orders.archives.push_back(
        {"big-orders", "", R"({"detail":{"total":[{"numeric":[">",100]}]}})", 0});

    Bus partner;
    partner.id = {"partner-bus"};
    partner.name = "partner";
    partner.account = "210987654321";
    partner.region = "us-west-2";

    Producer shop;
    shop.id = {"shop-frontend"};
    shop.name = "Web shop";
    shop.bus = {"orders-bus"};
    Emission emission;
    emission.eventType = {"order-placed"};
    emission.rate.kind = RateKind::Daily;
    emission.rate.perSecond = 12;
    emission.rate.hourly.assign(24, 0.5);
    emission.rate.script.push_back({1.5, 3});
    FieldVariation variation;
    variation.path = "detail.total";
    variation.kind = VariationKind::Range;
    variation.min = 1;
    variation.max = 500;
    emission.variations.push_back(variation);
    shop.emits.push_back(emission);

    Queue dlq;
    dlq.id = {"billing-dlq"};
    dlq.name = "billing-dlq";
    dlq.messageRetentionSeconds = 1209600;

    ExternalSystem psp;
    psp.id = {"payment-provider"};
    psp.name = "Payment provider";
    psp.behavior.latency.kind = LatencyKind::Percentiles;
    psp.behavior.latency.table = {{50, 80}, {99, 900}};
    psp.behavior.failures.push_back({FailureKind::Timeout, 0.02});

    Consumer billing;
    billing.id = {"billing"};
    billing.kind = ElementKind::Function;
    billing.name = "Billing";
    billing.context = {"sales"};
    billing.behavior.latency.kind = LatencyKind::LogNormal;
    billing.behavior.latency.medianMs = 40;
    billing.behavior.latency.sigma = 0.6;
    billing.behavior.concurrency = 50;
    billing.behavior.failures.push_back({FailureKind::Throttled, 0.01});
    billing.behavior.followUps.push_back({{"order-placed"}, {"orders-bus"}, 0.25});
    billing.behavior.dependsOn.push_back({"payment-provider"});

    dlq.readBy = {"billing"};

    Consumer fulfilment;
    fulfilment.id = {"fulfilment"};
    fulfilment.kind = ElementKind::StateMachine;
    fulfilment.name = "Fulfilment";
    fulfilment.arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:fulfilment";

    Connection connection;
    connection.id = {"crm-connection"};
    connection.name = "crm";
    connection.authorization = AuthorizationType::OAuthClientCredentials;
    connection.oauthEndpoint = "https://auth.example.com/token";
    connection.oauthHttpMethod = "POST";
    connection.oauthClientId = "stormglass";

    ApiDestination crm;
    crm.id = {"crm-api"};
    crm.name = "crm";
    crm.connection = {"crm-connection"};
    crm.endpoint = "https://crm.example.com/orders/*";
    crm.httpMethod = "PUT";
    crm.invocationRateLimitPerSecond = 20;

    Rule rule;
    rule.id = {"bill-orders"};
    rule.name = "bill-orders";
    rule.description = "Every order is billed";
    rule.bus = {"orders-bus"};
    rule.pattern = R"({"source":["com.shop.orders"],"detail-type":["OrderPlaced"]})";
    rule.enabled = false;
    Target toBilling;
    toBilling.id = "billing";
    toBilling.destination = {"billing"};
    toBilling.retryPolicy = {3, 600};
    toBilling.deadLetterQueue = {"billing-dlq"};
    toBilling.input = TargetInput::transformer(
        {{"order", "$.detail.orderId"}}, R"({"order": <order>, "rule": <aws.events.rule-name>})");
    Target toFulfilment;
    toFulfilment.id = "fulfilment";
    toFulfilment.destination = {"fulfilment"};
    toFulfilment.input = TargetInput::path("$.detail");
    Target toCrm;
    toCrm.id = "crm";
    toCrm.destination = {"crm-api"};
    toCrm.input = TargetInput::constant(R"({"kind":"order"})");
    Target toPartner;
    toPartner.id = "partner";
    toPartner.destination = {"partner-bus"};
    rule.targets = {toBilling, toFulfilment, toCrm, toPartner};

    Sticky event;
    event.id = {"sticky-placed"};
    event.kind = StickyKind::DomainEvent;
    event.text = "Order placed";
    event.context = {"sales"};
    event.geometry = defaultStickyGeometry(StickyKind::DomainEvent, {15.25, -3});
    event.linked = {"order-placed"};
    Sticky hotspot;
    hotspot.id = {"sticky-hotspot"};
    hotspot.kind = StickyKind::Hotspot;
    hotspot.text = "What if the payment provider is down?";
    hotspot.geometry = defaultStickyGeometry(StickyKind::Hotspot, {500, 500});

    // Not in dependency order: a file keeps the model's order, whatever it is.
    for (Element element :
         std::vector<Element>{event, sales, rule, placed, orders, partner, shop, dlq, psp, billing,
                              fulfilment, connection, crm, hotspot}) {
        EXPECT_TRUE(p.appendUnchecked(std::move(element)).ok());
    }
    EXPECT_TRUE(p.checkReferences().ok());
    return p;
}

Project smallProject(const std::string &name) {
    Project p;
    p.setInfo(name, "");
    Bus bus;
    bus.id = {"events"};
    bus.name = "events";
    EXPECT_TRUE(p.appendUnchecked(bus).ok());
    Sticky note;
    note.id = {"note"};
    note.text = name;
    EXPECT_TRUE(p.appendUnchecked(note).ok());
    return p;
}

// --- Files -------------------------------------------------------------------------------------

std::string readBytes(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const std::string &path, const std::string &bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool startsWith(const std::string &text, const std::string &prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

sqlite::Database openRaw(const std::string &path) {
    auto db = sqlite::Database::open(path, sqlite::OpenMode::Create);
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
    return std::move(db).value();
}

std::int64_t queryInt(const std::string &path, const std::string &sql) {
    sqlite::Database db = openRaw(path);
    auto value = db.queryInt(sql);
    EXPECT_TRUE(value.ok()) << sql << ": " << (value.ok() ? "" : value.error().message);
    return value.ok() ? *value : -1;
}

void execRaw(const std::string &path, const std::string &sql) {
    sqlite::Database db = openRaw(path);
    auto done = db.exec(sql);
    ASSERT_TRUE(done.ok()) << sql << ": " << done.error().message;
}

// Writes the model rows the way the Stormglass of that schema version did: one row per element
// with its JSON, and the name and description as project keys.
void insertModelRows(const std::string &path, const Project &project) {
    sqlite::Database db = openRaw(path);
    auto info = db.prepare("INSERT INTO project (key, value) VALUES (?1, ?2)");
    ASSERT_TRUE(info.ok());
    info->bind(1, std::string_view("name")).bind(2, project.name());
    ASSERT_TRUE(info->step().ok());
    info->reset();
    info->bind(1, std::string_view("description")).bind(2, project.description());
    ASSERT_TRUE(info->step().ok());
    auto insert = db.prepare("INSERT INTO elements (ord, id, kind, data) VALUES (?1, ?2, ?3, ?4)");
    ASSERT_TRUE(insert.ok());
    int ord = 0;
    for (const Element &element : project.elements()) {
        insert->bind(1, ord++)
            .bind(2, elementId(element).value)
            .bind(3, elementKindName(elementKind(element)))
            .bind(4, elementToJson(element).dump());
        auto done = insert->step();
        ASSERT_TRUE(done.ok()) << done.error().message;
        insert->reset();
    }
}

constexpr const char *kArchiveRows = R"sql(
INSERT INTO archives (id, bus, name, pattern, retention_days, created_us)
    VALUES (7, 'events', 'all-events', '', 30, 1000);
INSERT INTO archive_events (archive, event_id, event_time_us, ingestion_time_us, replay_name, event)
    VALUES (7, 'e-1', 5000000, 5000100, NULL, '{"id":"e-1"}'),
           (7, 'e-2', 6000000, 6000100, 'replay-1', '{"id":"e-2"}');
)sql";

constexpr const char *kRunRows = R"sql(
INSERT INTO simulation_runs (id, started_us, seed, duration_us, model_hash, report)
    VALUES (3, 1767225600000000, 42, 60000000, 'abc123', '{"delivered":10}');
INSERT INTO run_traces (run, seq, time_us, event_id, element, step, data)
    VALUES (3, 1, 100, 'e-1', 'events', 'put', '{}');
)sql";

std::string archiveDigest(const std::string &path) {
    sqlite::Database db = openRaw(path);
    auto rows = db.prepare(
        "SELECT a.bus || '/' || a.name || '/' || e.event_id || '/' || e.event_time_us || '/' || "
        "IFNULL(e.replay_name, '-') || '/' || e.event FROM archive_events e "
        "JOIN archives a ON a.id = e.archive ORDER BY e.id");
    EXPECT_TRUE(rows.ok());
    std::string digest;
    while (rows.ok() && *rows->step()) {
        digest.append(rows->text(0)).append(";");
    }
    return digest;
}

std::string runDigest(const std::string &path) {
    sqlite::Database db = openRaw(path);
    auto rows = db.prepare("SELECT r.seed || '/' || r.model_hash || '/' || r.report || '/' || "
                           "t.seq || '/' || t.event_id FROM simulation_runs r "
                           "JOIN run_traces t ON t.run = r.id ORDER BY t.seq");
    EXPECT_TRUE(rows.ok());
    std::string digest;
    while (rows.ok() && *rows->step()) {
        digest.append(rows->text(0)).append(";");
    }
    return digest;
}

class ProjectFile : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "sg-projectfile-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::permissions(m_dir, fs::perms::owner_all, fs::perm_options::add, ignored);
        fs::remove_all(m_dir, ignored);
    }
    [[nodiscard]] std::string file(const std::string &name) const { return m_dir + "/" + name; }
    [[nodiscard]] const std::string &dir() const { return m_dir; }

    // Names in the folder other than `keep`: what a save left behind.
    [[nodiscard]] std::vector<std::string> leftovers(const std::string &keep) const {
        std::vector<std::string> names;
        for (const auto &entry : fs::directory_iterator(m_dir)) {
            if (entry.path().filename() != keep) {
                names.push_back(entry.path().filename().string());
            }
        }
        return names;
    }

private:
    std::string m_dir;
};

void expectSameProject(const Project &expected, const Project &actual) {
    EXPECT_EQ(actual.name(), expected.name());
    EXPECT_EQ(actual.description(), expected.description());
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(elementId(actual.elements()[i]), elementId(expected.elements()[i])) << i;
        EXPECT_TRUE(actual.elements()[i] == expected.elements()[i])
            << "element " << elementId(expected.elements()[i]).value << " changed";
    }
    EXPECT_TRUE(actual == expected);
}

// --- Round trips -------------------------------------------------------------------------------

TEST_F(ProjectFile, SavedProjectOpensEqualWithEveryElementInOrder) {
    const Project project = richProject();
    const std::string path = file("shop.stormglass");
    auto saved = saveProjectFile(project, path);
    ASSERT_TRUE(saved.ok()) << saved.error().message;

    auto opened = openProjectFile(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    expectSameProject(project, *opened);
    EXPECT_EQ(queryInt(path, "PRAGMA user_version"), projectSchemaVersion());
    EXPECT_TRUE(leftovers("shop.stormglass").empty()) << "the temporary file or journal remains";
}

TEST_F(ProjectFile, TheAccountInvocationQuotaIsAProjectRowOnlyWhenSet) {
    const std::string path = file("quota.stormglass");
    Project project = richProject();
    ASSERT_TRUE(saveProjectFile(project, path).ok());
    EXPECT_EQ(queryInt(path, "SELECT COUNT(*) FROM project WHERE key = "
                             "'accountInvocationQuotaPerSecond'"),
              0);
    project.setAccountInvocationQuotaPerSecond(4500);
    ASSERT_TRUE(saveProjectFile(project, path).ok());
    EXPECT_EQ(queryInt(path, "SELECT value FROM project WHERE key = "
                             "'accountInvocationQuotaPerSecond'"),
              4500);
    auto opened = openProjectFile(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->accountInvocationQuotaPerSecond(), 4500);
    expectSameProject(project, *opened);

    execRaw(path, "UPDATE project SET value = 'lots' WHERE key = "
                  "'accountInvocationQuotaPerSecond'");
    auto damaged = openProjectFile(path);
    ASSERT_FALSE(damaged.ok());
    EXPECT_NE(damaged.error().message.find(
                  "project.accountInvocationQuotaPerSecond: expected a whole number, found 'lots'"),
              std::string::npos)
        << damaged.error().message;
}

TEST_F(ProjectFile, AnEmptyProjectRoundTrips) {
    const std::string path = file("empty.stormglass");
    ASSERT_TRUE(saveProjectFile(Project{}, path).ok());
    auto opened = openProjectFile(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_TRUE(*opened == Project{});
}

TEST_F(ProjectFile, SavingAgainReplacesTheModelInPlaceAndKeepsArchivesAndRuns) {
    const std::string path = file("shop.stormglass");
    ASSERT_TRUE(saveProjectFile(richProject(), path).ok());
    execRaw(path, kArchiveRows);
    execRaw(path, kRunRows);
    const std::string archives = archiveDigest(path);
    const std::string runs = runDigest(path);
    ASSERT_NE(archives, "");
    ASSERT_NE(runs, "");
    struct stat before {};
    ASSERT_EQ(::stat(path.c_str(), &before), 0);

    const Project smaller = smallProject("Renamed");
    auto saved = saveProjectFile(smaller, path);
    ASSERT_TRUE(saved.ok()) << saved.error().message;

    auto opened = openProjectFile(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    expectSameProject(smaller, *opened);
    EXPECT_EQ(archiveDigest(path), archives);
    EXPECT_EQ(runDigest(path), runs);
    struct stat after {};
    ASSERT_EQ(::stat(path.c_str(), &after), 0);
    EXPECT_EQ(after.st_ino, before.st_ino) << "a project file is saved in place, not replaced";
}

// A save in place rewrites only the rows that changed; moved, edited, removed and added
// elements must all come back exactly, in the new order.
TEST_F(ProjectFile, SavingAfterMovingEditingRemovingAndAddingElementsKeepsTheNewOrder) {
    const std::string path = file("shop.stormglass");
    Project project = richProject();
    ASSERT_TRUE(saveProjectFile(project, path).ok());

    Sticky moved = *project.get<Sticky>({"sticky-hotspot"});
    Sticky edited = *project.get<Sticky>({"sticky-placed"});
    edited.text = "Order was placed";
    Sticky added;
    added.id = {"sticky-new"};
    added.text = "New";
    std::vector<Command> edits;
    edits.push_back({RemoveElement{moved.id}, "Remove"});
    edits.push_back({AddElement{moved, 0}, "Add"});
    edits.push_back({ReplaceElement{edited}, "Edit"});
    edits.push_back({RemoveElement{{"shop-frontend"}}, "Remove"});
    edits.push_back({AddElement{added, 5}, "Add"});
    for (const Command &edit : edits) {
        auto applied = project.apply(edit);
        ASSERT_TRUE(applied.ok()) << applied.error().message;
    }
    for (int round = 0; round < 2; ++round) {
        auto saved = saveProjectFile(project, path);
        ASSERT_TRUE(saved.ok()) << saved.error().message;
        auto opened = openProjectFile(path);
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        expectSameProject(project, *opened);
    }
    EXPECT_EQ(queryInt(path, "SELECT COUNT(*) FROM elements"),
              static_cast<std::int64_t>(project.size()));
}

TEST_F(ProjectFile, JsonAndStormglassConvertByExtensionLosslessly) {
    const Project project = richProject();
    const std::string json = file("shop.stormglass.json");
    const std::string sqlite = file("shop.stormglass");
    const std::string jsonAgain = file("again.STORMGLASS.JSON");

    ASSERT_TRUE(saveProject(project, json).ok());
    auto fromJson = loadProject(json);
    ASSERT_TRUE(fromJson.ok()) << fromJson.error().message;
    ASSERT_TRUE(saveProject(*fromJson, sqlite).ok());
    auto fromSqlite = loadProject(sqlite);
    ASSERT_TRUE(fromSqlite.ok()) << fromSqlite.error().message;
    expectSameProject(project, *fromSqlite);
    ASSERT_TRUE(saveProject(*fromSqlite, jsonAgain).ok());
    EXPECT_EQ(readBytes(jsonAgain), readBytes(json));
    EXPECT_EQ(readBytes(json), writeProjectJson(project));
}

TEST_F(ProjectFile, AnyOtherExtensionIsRefusedNamingBothAcceptedOnes) {
    const std::string path = file("shop.json");
    auto saved = saveProject(richProject(), path);
    ASSERT_FALSE(saved.ok());
    EXPECT_TRUE(startsWith(saved.error().message, path + ": ")) << saved.error().message;
    EXPECT_NE(saved.error().message.find(".stormglass.json"), std::string::npos);
    EXPECT_FALSE(fs::exists(path));
    auto loaded = loadProject(path);
    ASSERT_FALSE(loaded.ok());
    EXPECT_TRUE(startsWith(loaded.error().message, path + ": ")) << loaded.error().message;
}

TEST_F(ProjectFile, JsonReaderErrorsNameTheFileAndThePosition) {
    const std::string path = file("broken.stormglass.json");
    writeBytes(path, "{\n  \"formatVersion\": 1,\n  \"name\": \"x\",,\n}\n");
    auto loaded = loadProject(path);
    ASSERT_FALSE(loaded.ok());
    EXPECT_TRUE(startsWith(loaded.error().message, path + ": ")) << loaded.error().message;
    EXPECT_EQ(loaded.error().line, 3);
    EXPECT_NE(loaded.error().message.find("line 3"), std::string::npos) << loaded.error().message;
}

TEST_F(ProjectFile, ProjectWithDanglingReferenceIsNotSavedAndTheFileIsUntouched) {
    const std::string path = file("shop.stormglass");
    ASSERT_TRUE(saveProjectFile(richProject(), path).ok());
    const std::string bytes = readBytes(path);
    Project broken;
    Rule rule;
    rule.id = {"orphan"};
    rule.bus = {"no-such-bus"};
    rule.pattern = "{}";
    ASSERT_TRUE(broken.appendUnchecked(rule).ok());
    for (const std::string &target : {path, file("shop.stormglass.json")}) {
        auto saved = saveProject(broken, target);
        ASSERT_FALSE(saved.ok()) << target;
        EXPECT_TRUE(startsWith(saved.error().message, target + ": ")) << saved.error().message;
        EXPECT_NE(saved.error().message.find("no-such-bus"), std::string::npos);
    }
    EXPECT_EQ(readBytes(path), bytes);
    EXPECT_FALSE(fs::exists(file("shop.stormglass.json")));
}

// --- Versions ----------------------------------------------------------------------------------

// Builds a file of an older schema as that release did, with the rich project in it.
void makeOlderFile(const std::string &path, int version, const Project &project) {
    auto created = createProjectFileAtVersion(path, version);
    ASSERT_TRUE(created.ok()) << created.error().message;
    insertModelRows(path, project);
}

TEST_F(ProjectFile, EveryOlderVersionOpensWithoutTouchingTheFileAndASaveUpgradesIt) {
    ASSERT_EQ(projectSchemaVersion(), 6);
    for (int version = 1; version < projectSchemaVersion(); ++version) {
        SCOPED_TRACE("schema version " + std::to_string(version));
        const std::string path = file("v" + std::to_string(version) + ".stormglass");
        const Project project = richProject();
        makeOlderFile(path, version, project);
        if (version >= 2) {
            execRaw(path, kArchiveRows);
        }
        ASSERT_EQ(queryInt(path, "PRAGMA user_version"), version);
        const std::string bytes = readBytes(path);

        auto opened = openProjectFile(path);
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        expectSameProject(project, *opened);
        // Every schema before 5 predates Lambda's and SQS's retry settings: lint says so. Schema
        // 6 only adds the optional account quota, which an older file reads as none.
        EXPECT_EQ(opened->upgradedFrom(),
                  version < 5 ? "schema version " + std::to_string(version) : std::string());
        EXPECT_EQ(opened->accountInvocationQuotaPerSecond(), 0);
        EXPECT_EQ(readBytes(path), bytes) << "opening an older file must not upgrade it";
        EXPECT_TRUE(leftovers(path.substr(dir().size() + 1)).empty());

        const Project edited = smallProject("Edited");
        auto saved = saveProjectFile(edited, path);
        ASSERT_TRUE(saved.ok()) << saved.error().message;
        EXPECT_EQ(queryInt(path, "PRAGMA user_version"), projectSchemaVersion());
        EXPECT_EQ(queryInt(path, "SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                                 "('archives', 'archive_events', 'simulation_runs', 'run_traces')"),
                  4);
        // v4 keeps the index replays read by and drops the one by event id.
        EXPECT_EQ(queryInt(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND "
                                 "name LIKE 'archive_events_by_%'"),
                  1);
        EXPECT_EQ(queryInt(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND "
                                 "name = 'archive_events_by_time'"),
                  1);
        if (version >= 2) {
            EXPECT_NE(archiveDigest(path), "");
            EXPECT_EQ(queryInt(path, "SELECT COUNT(*) FROM archive_events"), 2);
        }
        auto reopened = openProjectFile(path);
        ASSERT_TRUE(reopened.ok()) << reopened.error().message;
        expectSameProject(edited, *reopened);
        std::remove(path.c_str());
    }
}

TEST_F(ProjectFile, CommittedVersionOneFileOpens) {
    const std::string fixture = std::string(SG_TEST_DATA_DIR) + "/projectfile/v1-shop.stormglass";
    ASSERT_TRUE(fs::exists(fixture));
    const std::string path = file("v1-shop.stormglass");
    fs::copy_file(fixture, path);
    auto opened = openProjectFile(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->name(), "Shop (schema 1)");
    ASSERT_EQ(opened->size(), 4u);
    const Rule *rule = opened->get<Rule>({"bill-orders"});
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->bus, ElementId{"orders-bus"});
    ASSERT_EQ(rule->targets.size(), 1u);
    EXPECT_EQ(rule->targets[0].destination, ElementId{"billing"});
    EXPECT_EQ(rule->targets[0].retryPolicy.maximumRetryAttempts, 3);
    const Sticky *sticky = opened->get<Sticky>({"placed"});
    ASSERT_NE(sticky, nullptr);
    EXPECT_EQ(sticky->text, "Order placed");
    EXPECT_EQ(readBytes(path), readBytes(fixture));

    ASSERT_TRUE(saveProjectFile(*opened, path).ok());
    EXPECT_EQ(queryInt(path, "PRAGMA user_version"), projectSchemaVersion());
    auto reopened = openProjectFile(path);
    ASSERT_TRUE(reopened.ok()) << reopened.error().message;
    expectSameProject(*opened, *reopened);
}

TEST_F(ProjectFile, NewerVersionIsRefusedForOpeningAndForSaving) {
    const std::string path = file("future.stormglass");
    ASSERT_TRUE(saveProjectFile(richProject(), path).ok());
    execRaw(path, "PRAGMA user_version = 7");
    const std::string bytes = readBytes(path);
    const std::string expected =
        path + ": written by a newer Stormglass (schema version 7; this version reads up to 6)";

    auto opened = openProjectFile(path);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().message, expected);

    auto saved = saveProjectFile(smallProject("x"), path);
    ASSERT_FALSE(saved.ok());
    EXPECT_TRUE(startsWith(saved.error().message, expected)) << saved.error().message;
    EXPECT_EQ(readBytes(path), bytes);
}

TEST_F(ProjectFile, CommittedFutureVersionFixtureIsRefused) {
    const std::string fixture =
        std::string(SG_TEST_DATA_DIR) + "/projectfile/future-version.stormglass";
    auto opened = openProjectFile(fixture);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().message,
              fixture + ": written by a newer Stormglass (schema version 99; this version "
                        "reads up to 6)");
}

// --- Bad files ---------------------------------------------------------------------------------

struct BadFile {
    std::string name;
    std::string expectedPrefix; // after "<path>: "
};

void PrintTo(const BadFile &bad, std::ostream *out) {
    *out << bad.name;
}

class ProjectFileBadInput : public ProjectFile, public ::testing::WithParamInterface<BadFile> {};

// Each case leaves a file at `path` (or not, for a missing file).
void makeBadFile(const std::string &name, const std::string &path, const std::string &scratch) {
    if (name == "RandomBytes") {
        std::mt19937 random(1234);
        std::string bytes(8192, '\0');
        for (char &c : bytes) {
            c = static_cast<char>(random() & 0xff);
        }
        writeBytes(path, bytes);
    } else if (name.starts_with("Truncated")) {
        ASSERT_TRUE(saveProjectFile(richProject(), scratch).ok());
        const std::string whole = readBytes(scratch);
        const auto pageSize = static_cast<std::size_t>(queryInt(scratch, "PRAGMA page_size"));
        ASSERT_GE(whole.size() / pageSize, 4u);
        std::size_t size = 60;
        if (name == "TruncatedToHalf") {
            size = whole.size() / 2 + 100;
        } else if (name == "TruncatedToHalfThePages") {
            size = whole.size() / pageSize / 2 * pageSize;
        }
        writeBytes(path, whole.substr(0, size));
    } else if (name == "Empty") {
        writeBytes(path, "");
    } else if (name == "TextFile") {
        writeBytes(path, "name: not a project\n");
    } else if (name == "OtherSqliteDatabase") {
        execRaw(path, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');");
    } else if (name == "OtherApplicationsDatabase") {
        execRaw(path, "PRAGMA application_id = 1234; PRAGMA user_version = 1;"
                      "CREATE TABLE project (key, value); CREATE TABLE elements (id);");
    } else if (name == "MissingElementsTable") {
        ASSERT_TRUE(saveProjectFile(richProject(), path).ok());
        execRaw(path, "DROP TABLE elements");
    } else if (name == "DamagedIdIndex") {
        // Reading the rows never touches the index; a save in place would.
        ASSERT_TRUE(saveProjectFile(richProject(), path).ok());
        const auto page = static_cast<std::size_t>(
            queryInt(path, "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'elements' AND "
                           "type = 'index'"));
        const auto pageSize = static_cast<std::size_t>(queryInt(path, "PRAGMA page_size"));
        ASSERT_GT(page, 1u);
        std::string bytes = readBytes(path);
        std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>((page - 1) * pageSize), pageSize,
                    '\xff');
        writeBytes(path, bytes);
    } else if (name == "Folder") {
        fs::create_directory(path);
    }
}

TEST_P(ProjectFileBadInput, IsRefusedWithAMessageNamingTheFileAndLeftUnchanged) {
    const BadFile &bad = GetParam();
    const std::string path = file("bad.stormglass");
    makeBadFile(bad.name, path, file("scratch.stormglass"));
    const bool exists = fs::exists(path);
    const std::string bytes = exists && fs::is_regular_file(path) ? readBytes(path) : "";

    auto opened = openProjectFile(path);
    ASSERT_FALSE(opened.ok());
    EXPECT_TRUE(startsWith(opened.error().message, path + ": " + bad.expectedPrefix))
        << opened.error().message;
    auto loaded = loadProject(path);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().message, opened.error().message);

    EXPECT_EQ(fs::exists(path), exists);
    if (exists && fs::is_regular_file(path)) {
        EXPECT_EQ(readBytes(path), bytes);
    }
    EXPECT_FALSE(fs::exists(path + "-journal"));
}

INSTANTIATE_TEST_SUITE_P(
    , ProjectFileBadInput,
    ::testing::Values(BadFile{"RandomBytes", "not a Stormglass project: file is not a database"},
                      BadFile{"TruncatedToHalf", "not a Stormglass project: the file is "},
                      BadFile{"TruncatedToHalfThePages",
                              "not a Stormglass project: the file is damaged or truncated"},
                      BadFile{"TruncatedInsideTheHeader",
                              "not a Stormglass project: the file is truncated"},
                      BadFile{"Empty", "not a Stormglass project: the file is empty"},
                      BadFile{"TextFile", "not a Stormglass project: file is not a database"},
                      BadFile{"OtherSqliteDatabase",
                              "not a Stormglass project: an SQLite database without Stormglass"},
                      BadFile{"OtherApplicationsDatabase",
                              "not a Stormglass project: an SQLite database of another"},
                      BadFile{"MissingElementsTable",
                              "not a Stormglass project: the table \"elements\" is missing"},
                      BadFile{"DamagedIdIndex", "not a Stormglass project: the file is damaged"},
                      BadFile{"Missing", "cannot open: No such file or directory"},
                      BadFile{"Folder", "is a folder"}),
    [](const ::testing::TestParamInfo<BadFile> &row) { return row.param.name; });

// A save over a file that is not a project replaces it (the user chose the name); what was
// refused for reading must not block writing a good project there.
TEST_F(ProjectFile, SavingOverAFileThatIsNotAProjectReplacesIt) {
    const std::string path = file("notes.stormglass");
    writeBytes(path, "some text the user saved here by mistake\n");
    ::chmod(path.c_str(), 0640);
    const Project project = richProject();
    auto saved = saveProjectFile(project, path);
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    auto opened = openProjectFile(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    expectSameProject(project, *opened);
    struct stat status {};
    ASSERT_EQ(::stat(path.c_str(), &status), 0);
    EXPECT_EQ(status.st_mode & 0777, 0640u) << "the replaced file's permissions are kept";
    EXPECT_TRUE(leftovers("notes.stormglass").empty());
}

struct BadRow {
    std::string name;
    std::string sql;
    std::string expected; // in the message, after the path
    std::string field;
};

void PrintTo(const BadRow &bad, std::ostream *out) {
    *out << bad.name;
}

class ProjectFileBadRow : public ProjectFile, public ::testing::WithParamInterface<BadRow> {};

TEST_P(ProjectFileBadRow, IsReportedWithThePathTheElementAndTheField) {
    const std::string path = file("rows.stormglass");
    ASSERT_TRUE(saveProjectFile(richProject(), path).ok());
    execRaw(path, GetParam().sql);
    auto opened = openProjectFile(path);
    ASSERT_FALSE(opened.ok());
    EXPECT_TRUE(startsWith(opened.error().message, path + ": " + GetParam().expected))
        << opened.error().message;
    if (!GetParam().field.empty()) {
        EXPECT_NE(opened.error().field.find(GetParam().field), std::string::npos)
            << "field: " << opened.error().field;
    }
}

INSTANTIATE_TEST_SUITE_P(
    , ProjectFileBadRow,
    ::testing::Values(
        BadRow{"WrongTypeOfField",
               R"(UPDATE elements SET data = json_set(data, '$.bus', 42) WHERE id = 'bill-orders')",
               "element \"bill-orders\": ", "bus"},
        BadRow{"NotJson", "UPDATE elements SET data = '{\"kind\": ' WHERE id = 'billing'",
               "element \"billing\": the stored data is not valid JSON", ""},
        BadRow{
            "UnknownKind",
            R"(UPDATE elements SET data = json_set(data, '$.kind', 'teleporter'), kind = 'teleporter' WHERE id = 'billing')",
            "element \"billing\": ", "kind"},
        BadRow{"IdDiffersFromTheRow", "UPDATE elements SET id = 'other' WHERE id = 'billing-dlq'",
               "element \"other\": its stored data has the id \"billing-dlq\"", ""},
        BadRow{"DanglingReference", "DELETE FROM elements WHERE id = 'orders-bus'", "", "bus"},
        BadRow{"RowHoldsAnotherElementsData",
               "UPDATE elements SET data = (SELECT data FROM elements WHERE id = 'billing'), "
               "kind = 'function' WHERE id = 'billing-dlq'",
               "element \"billing-dlq\": its stored data has the id \"billing\"", ""}),
    [](const ::testing::TestParamInfo<BadRow> &row) { return row.param.name; });

TEST_F(ProjectFile, DanglingReferenceNamesTheReferringElement) {
    const std::string path = file("dangling.stormglass");
    ASSERT_TRUE(saveProjectFile(richProject(), path).ok());
    execRaw(path, "DELETE FROM elements WHERE id = 'payment-provider'");
    auto opened = openProjectFile(path);
    ASSERT_FALSE(opened.ok());
    EXPECT_TRUE(startsWith(opened.error().message, path + ": ")) << opened.error().message;
    EXPECT_NE(opened.error().message.find("billing"), std::string::npos) << opened.error().message;
    EXPECT_NE(opened.error().message.find("payment-provider"), std::string::npos);
}

// --- Unwritable places -------------------------------------------------------------------------

TEST_F(ProjectFile, SavingIntoAMissingFolderNamesThePath) {
    for (const std::string &path :
         {file("no-such-folder/shop.stormglass"), file("no-such-folder/shop.stormglass.json")}) {
        auto saved = saveProject(richProject(), path);
        ASSERT_FALSE(saved.ok());
        EXPECT_TRUE(startsWith(saved.error().message, path + ": cannot save"))
            << saved.error().message;
    }
    EXPECT_FALSE(fs::exists(file("no-such-folder")));
}

TEST_F(ProjectFile, SavingOntoAFolderIsRefused) {
    const std::string path = file("folder.stormglass");
    fs::create_directory(path);
    auto saved = saveProjectFile(richProject(), path);
    ASSERT_FALSE(saved.ok());
    EXPECT_TRUE(startsWith(saved.error().message, path + ": cannot save")) << saved.error().message;
    EXPECT_TRUE(fs::is_directory(path));
}

TEST_F(ProjectFile, UnwritableFolderOrFileGivesAnErrorAndLeavesTheFileIntact) {
    if (::geteuid() == 0) {
        GTEST_SKIP() << "permissions do not bind root";
    }
    const std::string folder = file("locked");
    fs::create_directory(folder);
    const std::string project = folder + "/shop.stormglass";
    const std::string json = folder + "/shop.stormglass.json";
    const std::string missing = folder + "/new.stormglass";
    ASSERT_TRUE(saveProject(richProject(), project).ok());
    ASSERT_TRUE(saveProject(richProject(), json).ok());
    const std::string projectBytes = readBytes(project);
    const std::string jsonBytes = readBytes(json);

    // A save in place needs a journal beside the file; a new file needs its temporary file.
    ASSERT_EQ(::chmod(folder.c_str(), 0555), 0);
    for (const std::string &path : {project, json, missing}) {
        auto saved = saveProject(smallProject("x"), path);
        ASSERT_FALSE(saved.ok()) << path;
        EXPECT_TRUE(startsWith(saved.error().message, path + ": cannot save"))
            << saved.error().message;
    }
    ASSERT_EQ(::chmod(folder.c_str(), 0755), 0);
    EXPECT_EQ(readBytes(project), projectBytes);
    EXPECT_EQ(readBytes(json), jsonBytes);
    EXPECT_FALSE(fs::exists(missing));
    EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 2);

    // A write-protected file in a writable folder is not replaced either.
    ASSERT_EQ(::chmod(project.c_str(), 0444), 0);
    ASSERT_EQ(::chmod(json.c_str(), 0444), 0);
    for (const std::string &path : {project, json}) {
        auto saved = saveProject(smallProject("x"), path);
        ASSERT_FALSE(saved.ok()) << path;
        EXPECT_EQ(saved.error().message, path + ": cannot save: the file is write-protected");
    }
    EXPECT_EQ(readBytes(project), projectBytes);
    EXPECT_EQ(readBytes(json), jsonBytes);
}

// --- Crashes during a save ---------------------------------------------------------------------

constexpr int kCrashed = 86;

// Runs `save` in a child process and returns its exit status (kCrashed when the hook fired).
template <typename Save> int inChild(Save save) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        const bool ok = save();
        ::_exit(ok ? 0 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

SaveHook crashAt(SaveStage stage) {
    return [stage](SaveStage reached) {
        if (reached == stage) {
            ::_exit(kCrashed);
        }
    };
}

TEST_F(ProjectFile, CrashBeforeCommitOfASaveInPlaceLeavesThePreviousContent) {
    const std::string path = file("shop.stormglass");
    const Project before = richProject();
    ASSERT_TRUE(saveProjectFile(before, path).ok());
    execRaw(path, kArchiveRows);

    const int status = inChild([&] {
        return saveProjectFile(smallProject("After"), path, crashAt(SaveStage::RowsWritten)).ok();
    });
    ASSERT_EQ(status, kCrashed);
    auto opened = openProjectFile(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    expectSameProject(before, *opened);
    EXPECT_EQ(queryInt(path, "SELECT COUNT(*) FROM archive_events"), 2);

    // And the file is fully usable afterwards.
    ASSERT_TRUE(saveProjectFile(smallProject("After"), path).ok());
    auto after = openProjectFile(path);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->name(), "After");
}

TEST_F(ProjectFile, CrashBeforeTheRenameOfANewFileLeavesThePreviousFile) {
    const std::string replaced = file("notes.stormglass");
    const std::string fresh = file("fresh.stormglass");
    writeBytes(replaced, "previous content\n");

    ASSERT_EQ(inChild([&] {
                  return saveProjectFile(richProject(), replaced,
                                         crashAt(SaveStage::TempFileSynced))
                      .ok();
              }),
              kCrashed);
    EXPECT_EQ(readBytes(replaced), "previous content\n");

    ASSERT_EQ(
        inChild([&] {
            return saveProjectFile(richProject(), fresh, crashAt(SaveStage::TempFileSynced)).ok();
        }),
        kCrashed);
    EXPECT_FALSE(fs::exists(fresh));

    // Once renamed, the new file is complete even if the folder was never synced.
    ASSERT_EQ(inChild([&] {
                  return saveProjectFile(richProject(), fresh, crashAt(SaveStage::Renamed)).ok();
              }),
              kCrashed);
    auto opened = openProjectFile(fresh);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    expectSameProject(richProject(), *opened);
}

// A VFS that passes everything to the real one and kills the process at the n-th write, sync,
// truncation or deletion (a torn write: half the bytes reach the file), so that a test can
// crash a save at every point SQLite touches the disk.
namespace crashvfs {

sqlite3_vfs *g_real = nullptr;
sqlite3_vfs g_vfs{};
long g_countdown = -1;

void tick() {
    if (g_countdown > 0 && --g_countdown == 0) {
        ::_exit(kCrashed);
    }
}

struct File {
    sqlite3_file base;
    sqlite3_file *real;
};

sqlite3_file *real(sqlite3_file *file) {
    return reinterpret_cast<File *>(file)->real;
}

int close(sqlite3_file *f) {
    return real(f)->pMethods->xClose(real(f));
}
int read(sqlite3_file *f, void *buffer, int amount, sqlite3_int64 offset) {
    return real(f)->pMethods->xRead(real(f), buffer, amount, offset);
}
int write(sqlite3_file *f, const void *buffer, int amount, sqlite3_int64 offset) {
    if (g_countdown == 1) {
        real(f)->pMethods->xWrite(real(f), buffer, amount / 2, offset);
    }
    tick();
    return real(f)->pMethods->xWrite(real(f), buffer, amount, offset);
}
int truncate(sqlite3_file *f, sqlite3_int64 size) {
    tick();
    return real(f)->pMethods->xTruncate(real(f), size);
}
int sync(sqlite3_file *f, int flags) {
    tick();
    return real(f)->pMethods->xSync(real(f), flags);
}
int fileSize(sqlite3_file *f, sqlite3_int64 *size) {
    return real(f)->pMethods->xFileSize(real(f), size);
}
int lock(sqlite3_file *f, int level) {
    return real(f)->pMethods->xLock(real(f), level);
}
int unlock(sqlite3_file *f, int level) {
    return real(f)->pMethods->xUnlock(real(f), level);
}
int checkReservedLock(sqlite3_file *f, int *out) {
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int fileControl(sqlite3_file *f, int op, void *arg) {
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int sectorSize(sqlite3_file *f) {
    return real(f)->pMethods->xSectorSize(real(f));
}
int deviceCharacteristics(sqlite3_file *f) {
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
}

const sqlite3_io_methods kMethods{1,
                                  close,
                                  read,
                                  write,
                                  truncate,
                                  sync,
                                  fileSize,
                                  lock,
                                  unlock,
                                  checkReservedLock,
                                  fileControl,
                                  sectorSize,
                                  deviceCharacteristics,
                                  nullptr,
                                  nullptr,
                                  nullptr,
                                  nullptr,
                                  nullptr,
                                  nullptr};

int open(sqlite3_vfs *, const char *name, sqlite3_file *file, int flags, int *outFlags) {
    auto *wrapper = reinterpret_cast<File *>(file);
    wrapper->real = reinterpret_cast<sqlite3_file *>(wrapper + 1);
    const int rc = g_real->xOpen(g_real, name, wrapper->real, flags, outFlags);
    wrapper->base.pMethods = rc == SQLITE_OK && wrapper->real->pMethods ? &kMethods : nullptr;
    return rc;
}

int remove(sqlite3_vfs *, const char *name, int syncDir) {
    tick();
    return g_real->xDelete(g_real, name, syncDir);
}

// In the child only: every connection opened from now on goes through the VFS.
void install(long countdown) {
    g_real = sqlite3_vfs_find(nullptr);
    g_vfs = *g_real;
    g_vfs.zName = "sg-crash";
    g_vfs.szOsFile = static_cast<int>(sizeof(File)) + g_real->szOsFile;
    g_vfs.xOpen = open;
    g_vfs.xDelete = remove;
    g_countdown = countdown;
    sqlite3_vfs_register(&g_vfs, 1);
}

} // namespace crashvfs

// Crashes the save of `after` over `path` (holding `initial`) at every disk operation in turn;
// after each crash the file must open as `before` or `after`, switching once, never a mix.
void crashAtEveryStep(const std::string &path, const std::string &initial, const Project &before,
                      const Project &after, int *crashPoints) {
    bool switched = false;
    int points = 0;
    for (long countdown = 1; countdown < 1000; ++countdown) {
        writeBytes(path, initial);
        std::remove((path + "-journal").c_str());
        const int status = inChild([&] {
            crashvfs::install(countdown);
            return saveProjectFile(after, path).ok();
        });
        ASSERT_TRUE(status == kCrashed || status == 0) << "status " << status;
        auto opened = openProjectFile(path);
        ASSERT_TRUE(opened.ok()) << "crash at step " << countdown << ": " << opened.error().message;
        if (*opened == after) {
            switched = true;
        } else {
            ASSERT_FALSE(switched) << "crash at step " << countdown << " went back to the old file";
            ASSERT_TRUE(*opened == before) << "crash at step " << countdown << " mixed both";
        }
        if (status == 0) {
            EXPECT_TRUE(switched) << "the completed save is not visible";
            *crashPoints = points;
            return;
        }
        ++points;
    }
    FAIL() << "the save never completed";
}

TEST_F(ProjectFile, CrashAtAnyDiskWriteOfASaveInPlaceLeavesOldOrNewNeverAMix) {
    const std::string path = file("shop.stormglass");
    const Project before = richProject();
    ASSERT_TRUE(saveProjectFile(before, path).ok());
    const std::string initial = readBytes(path);
    int crashPoints = 0;
    crashAtEveryStep(path, initial, before, smallProject("After"), &crashPoints);
    // A journal written and synced, pages overwritten, the journal deleted: a dozen or so.
    EXPECT_GE(crashPoints, 6);
}

TEST_F(ProjectFile, CrashAtAnyDiskWriteWhileUpgradingAnOlderFileLeavesOldOrNew) {
    const std::string path = file("v1.stormglass");
    const Project before = richProject();
    makeOlderFile(path, 1, before);
    const std::string initial = readBytes(path);
    int crashPoints = 0;
    crashAtEveryStep(path, initial, before, smallProject("After"), &crashPoints);
    EXPECT_GE(crashPoints, 6);
    EXPECT_EQ(queryInt(path, "PRAGMA user_version"), projectSchemaVersion());
}

} // namespace
