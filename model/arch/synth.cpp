// The generator works in three passes. Plan: how many subsystems and bounded contexts, and each
// one's share of the architecture elements and stickies. Build: each subsystem's architecture
// (laid out with computeLayout() on a project of its own) and each context's board, relative to
// the context's region. Place: the regions on a grid, everything moved there and appended to one
// project.
//
// Each context draws from its own random stream, derived from the seed and its index, so that
// no context depends on the order in which the others were built. The random numbers are our own
// (splitmix64) and mapped to ranges by hand: the standard distributions differ between standard
// libraries, and the same seed must give the same file everywhere.

#include "arch/synth.h"
#include "arch/layout.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace sg::model {

namespace {

// --- Shape --------------------------------------------------------------------------------------

constexpr double kElementsPerSubsystem = 30;
constexpr std::size_t kStickiesPerContext = 40;
// Of a subsystem's elements, the share that are event types, and producers per event type.
constexpr double kEventTypeShare = 0.2;
constexpr double kEventTypesPerProducer = 2.5;
// The forced kinds of a subsystem's first plain rules' first targets, so that every subsystem big
// enough shows each kind of target (and the first one a dead-letter queue).
constexpr std::size_t kForcedRules = 4;

// --- Canvas (world units) -----------------------------------------------------------------------

constexpr double kPadding = 40;       // inside a region, around its content
constexpr double kHeader = 40;        // above the content, for the context's name
constexpr double kBandGap = 80;       // between the board band and the architecture
constexpr double kStickyGap = 40;     // between stickies, both ways
constexpr double kContextGap = 200;   // between regions
constexpr double kMinBandWidth = 560; // three stickies side by side

// --- Random numbers -----------------------------------------------------------------------------

// splitmix64: tiny, fast, statistically sound for this use, and the same sequence everywhere.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }
    // Uniform in [0, n) (0 when n is 0); the modulo bias is below 2^-40 for the n used here.
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    // Uniform in [low, high].
    std::size_t between(std::size_t low, std::size_t high) { return low + below(high - low + 1); }
    int between(int low, int high) {
        return low + static_cast<int>(below(static_cast<std::size_t>(high - low + 1)));
    }
    // Uniform in [0, 1), from the top 53 bits.
    double unit() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }
    double between(double low, double high) { return low + (high - low) * unit(); }
    bool chance(double probability) { return unit() < probability; }
    template <typename T, std::size_t N> const T &pick(const std::array<T, N> &items) {
        return items[below(N)];
    }
    // An index drawn with the given integer weights.
    template <std::size_t N> std::size_t weighted(const std::array<int, N> &weights) {
        int total = 0;
        for (const int w : weights) {
            total += w;
        }
        int draw = between(0, total - 1);
        for (std::size_t i = 0; i < N; ++i) {
            if (draw < weights[i]) {
                return i;
            }
            draw -= weights[i];
        }
        return N - 1;
    }

private:
    std::uint64_t m_state;
};

// The stream of one part of the project: independent of every other part's.
Random streamFor(std::uint64_t seed, std::uint64_t part) {
    Random mixer(seed ^ (part * 0xD1B54A32D192ED03ULL));
    return Random(mixer.next());
}

// --- Vocabulary ---------------------------------------------------------------------------------

struct Domain {
    std::string_view name;
    std::string_view slug;
    std::array<std::string_view, 3> entities; // PascalCase
    std::string_view color;                   // of its bounded context's region
    std::string_view description;
};

// One domain a line reads better than one field a line.
// clang-format off
constexpr std::array<Domain, 22> kDomains{{
    {"Ordering", "ordering", {"Order", "Cart", "Checkout"}, "#fde2c4",
     "Customers place, change and cancel orders."},
    {"Billing", "billing", {"Invoice", "Charge", "Refund"}, "#d6e4f7",
     "Invoices, charges and refunds."},
    {"Inventory", "inventory", {"Stock", "Reservation", "Replenishment"}, "#d7ecd9",
     "Stock levels and reservations per SKU."},
    {"Shipping", "shipping", {"Shipment", "Parcel", "Label"}, "#efe1f7",
     "Picking, packing and handing parcels to carriers."},
    {"Customer accounts", "accounts", {"Account", "Profile", "Address"}, "#fbe0ea",
     "Sign-ups, profiles and addresses."},
    {"Notifications", "notifications", {"Email", "TextMessage", "PushMessage"}, "#e8e8e8",
     "E-mails, text messages and push notifications."},
    {"Catalog", "catalog", {"Product", "Category", "Listing"}, "#fff4c2",
     "Products, categories and what the shop lists."},
    {"Pricing", "pricing", {"Price", "Discount", "Promotion"}, "#d9f2f2",
     "Prices, discounts and promotions."},
    {"Returns", "returns", {"Return", "Inspection", "Exchange"}, "#fde2c4",
     "Return requests, inspections and exchanges."},
    {"Loyalty", "loyalty", {"Membership", "Reward", "Voucher"}, "#d6e4f7",
     "Memberships, rewards and vouchers."},
    {"Fraud detection", "fraud", {"Screening", "Alert", "Case"}, "#d7ecd9",
     "Screening orders and payments for fraud."},
    {"Subscriptions", "subscriptions", {"Subscription", "Plan", "Renewal"}, "#efe1f7",
     "Plans, renewals and cancellations."},
    {"Warehouse", "warehouse", {"Picklist", "Pallet", "Slot"}, "#fbe0ea",
     "Pick lists, pallets and storage slots."},
    {"Customer support", "support", {"Ticket", "Conversation", "Escalation"}, "#e8e8e8",
     "Tickets, conversations and escalations."},
    {"Reviews", "reviews", {"Review", "Rating", "Flag"}, "#fff4c2",
     "Product reviews and their moderation."},
    {"Marketing", "marketing", {"Campaign", "Segment", "Newsletter"}, "#d9f2f2",
     "Campaigns, segments and newsletters."},
    {"Identity", "identity", {"Login", "Session", "Credential"}, "#fde2c4",
     "Logins, sessions and credentials."},
    {"Payments", "payments", {"Authorization", "Capture", "Chargeback"}, "#d6e4f7",
     "Card authorizations, captures and chargebacks."},
    {"Delivery fleet", "fleet", {"Vehicle", "Route", "Dropoff"}, "#d7ecd9",
     "Vehicles, routes and drop-offs."},
    {"Tax", "tax", {"Assessment", "Filing", "Exemption"}, "#efe1f7",
     "Tax assessments, filings and exemptions."},
    {"Search", "search", {"IndexJob", "Synonym", "Ranking"}, "#fbe0ea",
     "Search indexes, synonyms and rankings."},
    {"Partner integrations", "partners", {"Partner", "Feed", "Contract"}, "#e8e8e8",
     "Marketplaces and suppliers that exchange data with us."},
}};
// clang-format on

struct Verb {
    std::string_view past;       // "Created": the end of a detail-type
    std::string_view imperative; // "Create": a command
};

constexpr std::array<Verb, 22> kVerbs{{
    {"Created", "Create"},     {"Updated", "Update"},    {"Submitted", "Submit"},
    {"Approved", "Approve"},   {"Rejected", "Reject"},   {"Cancelled", "Cancel"},
    {"Completed", "Complete"}, {"Confirmed", "Confirm"}, {"Assigned", "Assign"},
    {"Scheduled", "Schedule"}, {"Reserved", "Reserve"},  {"Released", "Release"},
    {"Shipped", "Ship"},       {"Delivered", "Deliver"}, {"Paid", "Pay"},
    {"Refunded", "Refund"},    {"Archived", "Archive"},  {"Reopened", "Reopen"},
    {"Verified", "Verify"},    {"Closed", "Close"},      {"Renewed", "Renew"},
    {"Escalated", "Escalate"},
}};

// What a consumer does with an event: names rules, functions, queues and policies.
constexpr std::array<std::string_view, 12> kActions{"process", "notify",    "sync",    "audit",
                                                    "index",   "reconcile", "enrich",  "score",
                                                    "archive", "route",     "project", "forecast"};

constexpr std::array<std::string_view, 9> kStatuses{"new",       "pending",  "active",
                                                    "approved",  "rejected", "cancelled",
                                                    "completed", "on-hold",  "failed"};
constexpr std::array<std::string_view, 5> kChannels{"web", "app", "store", "partner",
                                                    "call-center"};
constexpr std::array<std::string_view, 4> kCurrencies{"EUR", "USD", "GBP", "CHF"};
constexpr std::array<std::string_view, 3> kTiers{"standard", "gold", "platinum"};
constexpr std::array<std::string_view, 6> kCountries{"DE", "FR", "GB", "US", "NL", "ES"};
constexpr std::array<std::string_view, 6> kFirstNames{"maria", "jon",  "aiko",
                                                      "lena",  "omar", "priya"};
constexpr std::array<std::string_view, 4> kAwsRegions{"eu-west-1", "eu-central-1", "us-east-1",
                                                      "us-west-2"};

struct Vendor {
    std::string_view name; // "AcmePay"
    std::string_view slug; // "acmepay": in ids and endpoints
    std::string_view what; // "payment provider"
};

constexpr std::array<Vendor, 8> kVendors{{
    {"AcmePay", "acmepay", "payment provider"},
    {"MailPilot", "mailpilot", "e-mail service"},
    {"ParcelNow", "parcelnow", "carrier"},
    {"TaxRight", "taxright", "tax service"},
    {"Relate", "relate", "CRM"},
    {"TextWave", "textwave", "SMS gateway"},
    {"StockSync", "stocksync", "supplier portal"},
    {"Insightful", "insightful", "analytics platform"},
}};

constexpr std::array<std::string_view, 10> kActors{
    "Customer", "Clerk",         "Warehouse worker", "Finance team", "Support agent",
    "Courier",  "Administrator", "Partner",          "Auditor",      "Store manager"};

// How busy a producer is over a day: factors of its peak rate, hour 0..23.
constexpr std::array<double, 24> kDailyProfile{0.1,  0.05, 0.05, 0.05, 0.05, 0.1, 0.2,  0.35,
                                               0.5,  0.6,  0.65, 0.7,  0.75, 0.7, 0.65, 0.6,
                                               0.65, 0.75, 0.85, 1.0,  0.95, 0.8, 0.5,  0.25};

// --- Text helpers -------------------------------------------------------------------------------

bool isUpper(char c) {
    return c >= 'A' && c <= 'Z';
}

char toLower(char c) {
    return isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

char toUpper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// "PushMessage" -> "push" + separator + "message".
std::string splitWords(std::string_view pascal, char separator) {
    std::string out;
    for (std::size_t i = 0; i < pascal.size(); ++i) {
        if (i > 0 && isUpper(pascal[i])) {
            out.push_back(separator);
        }
        out.push_back(toLower(pascal[i]));
    }
    return out;
}

std::string kebab(std::string_view pascal) {
    return splitWords(pascal, '-');
}

std::string words(std::string_view pascal) {
    return splitWords(pascal, ' ');
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), toLower);
    return out;
}

std::string capitalized(std::string text) {
    if (!text.empty()) {
        text[0] = toUpper(text[0]);
    }
    return text;
}

// "Customer accounts web app" -> "customer-accounts-web-app".
std::string slugOf(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const char lower = toLower(c);
        if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
            out.push_back(lower);
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

// "notify" -> "notifies", "process" -> "processes", "sync" -> "syncs".
std::string thirdPerson(std::string_view verb) {
    std::string out(verb);
    if (out.ends_with("s") || out.ends_with("x") || out.ends_with("ch") || out.ends_with("sh")) {
        return out + "es";
    }
    if (out.size() > 1 && out.back() == 'y' &&
        std::string_view("aeiou").find(out[out.size() - 2]) == std::string_view::npos) {
        out.pop_back();
        return out + "ies";
    }
    return out + "s";
}

std::string camel(std::string_view pascal) {
    std::string out(pascal);
    if (!out.empty()) {
        out[0] = toLower(out[0]);
    }
    return out;
}

// "an order", "a cart".
std::string withArticle(const std::string &noun) {
    const bool vowel =
        !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + noun;
}

std::string number(std::size_t value) {
    return std::to_string(value);
}

// Rounded to a multiple of 1 / `scale` (100: cents), so that files show short numbers: dividing
// by the scale gives the double nearest to the decimal, multiplying by a step would not.
double rounded(double value, double scale) {
    return std::round(value * scale) / scale;
}

std::string hex(std::uint64_t value, int digits) {
    static constexpr std::string_view kDigits = "0123456789abcdef";
    std::string out(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = kDigits[value & 0xFU];
        value >>= 4U;
    }
    return out;
}

// A version-4 UUID made of the stream's numbers.
std::string uuid(Random &random) {
    const std::uint64_t a = random.next();
    const std::uint64_t b = random.next();
    return hex(a >> 32U, 8) + "-" + hex((a >> 16U) & 0xFFFFU, 4) + "-4" + hex(a & 0xFFFU, 3) + "-" +
           hex(0x8000U | ((b >> 48U) & 0x3FFFU), 4) + "-" + hex(b & 0xFFFFFFFFFFFFULL, 12);
}

std::string twoDigits(int value) {
    return value < 10 ? "0" + std::to_string(value) : std::to_string(value);
}

// A time in March 2026, as EventBridge writes event times.
std::string eventTime(Random &random) {
    return "2026-03-" + twoDigits(random.between(1, 28)) + "T" + twoDigits(random.between(0, 23)) +
           ":" + twoDigits(random.between(0, 59)) + ":" + twoDigits(random.between(0, 59)) + "Z";
}

// --- Plan ---------------------------------------------------------------------------------------

struct ContextPlan {
    std::string id; // the bounded context's id, and the prefix of its elements' ids
    std::string name;
    const Domain *domain = nullptr;
    std::size_t elements = 0; // architecture elements (0: a context of stickies only)
    std::size_t stickies = 0;
};

std::vector<ContextPlan> planContexts(const SynthOptions &options) {
    const std::size_t subsystems =
        options.elements == 0
            ? 0
            : std::max<std::size_t>(
                  1, static_cast<std::size_t>(std::llround(static_cast<double>(options.elements) /
                                                           kElementsPerSubsystem)));
    const std::size_t forStickies =
        (options.stickies + kStickiesPerContext - 1) / kStickiesPerContext;
    const std::size_t contexts = std::max(subsystems, forStickies);

    std::vector<ContextPlan> plans(contexts);
    for (std::size_t i = 0; i < contexts; ++i) {
        ContextPlan &plan = plans[i];
        plan.domain = &kDomains[i % kDomains.size()];
        const std::size_t round = i / kDomains.size();
        plan.id = std::string(plan.domain->slug);
        plan.name = std::string(plan.domain->name);
        if (round > 0) {
            plan.id += "-" + number(round + 1);
            plan.name += " " + number(round + 1);
        }
        plan.stickies = options.stickies / contexts + (i < options.stickies % contexts ? 1 : 0);
    }

    // Subsystems differ in size (about ±25 %): integer weights, so that the split is exact.
    Random random = streamFor(options.seed, 0);
    std::vector<std::size_t> weights(subsystems);
    std::size_t total = 0;
    for (std::size_t &weight : weights) {
        weight = random.between(std::size_t{75}, std::size_t{125});
        total += weight;
    }
    std::size_t given = 0;
    for (std::size_t i = 0; i < subsystems; ++i) {
        plans[i].elements = options.elements * weights[i] / total;
        given += plans[i].elements;
    }
    for (std::size_t i = 0; given < options.elements; ++i, ++given) {
        ++plans[i % subsystems].elements;
    }
    return plans;
}

// --- Build: one subsystem's architecture --------------------------------------------------------

// What rules, producers and stickies need to know of an event type and its sample event.
struct TypeFacts {
    ElementId id;
    std::string_view entity;
    std::size_t verb = 0;
    std::string source;
    std::string detailType;
    std::string idField;
    std::string status;
    std::string channel;
    int priority = 1;
    int ipSecondOctet = 0; // the sample's clientIp is 10.<this>.x.y
    std::optional<double> amount;
    bool customer = false;
};

// A rule, as a policy sticky names it.
struct RuleFacts {
    ElementId id;
    std::string_view action;
};

// A context once built: its architecture and its stickies, placed relative to its region's top-left
// corner, and the region's size.
struct BuiltContext {
    std::vector<Element> architecture; // in flow order
    std::vector<Point> positions;      // per element of `architecture`
    std::vector<Sticky> stickies;
    double width = 0;
    double height = 0;

    // What the board and the previous subsystem need.
    ElementId bus;
    std::vector<TypeFacts> types;
    std::vector<std::vector<RuleFacts>> rulesByType; // per event type, the rules made for it
    ElementId externalSystem;                        // and its vendor, when the subsystem calls one
    const Vendor *vendor = nullptr;
};

enum class Style : std::uint8_t {
    Exact,
    ExactList,
    Prefix,
    Numeric,
    AnythingBut,
    Exists,
    Wildcard,
    Or,
    IgnoreCase,
    Suffix,
    Cidr,
    AnythingButPrefix,
};

// The order a subsystem's rules take their pattern styles in, from a random start: exact
// matches are the most common in real models, every other style shows up in any few subsystems.
constexpr std::array<Style, 14> kStyleCycle{
    Style::Exact,  Style::Prefix,   Style::Numeric, Style::AnythingBut,      Style::Exact,
    Style::Exists, Style::Wildcard, Style::Or,      Style::ExactList,        Style::IgnoreCase,
    Style::Exact,  Style::Suffix,   Style::Cidr,    Style::AnythingButPrefix};

enum class Destination : std::uint8_t { Function, StateMachine, Queue, ApiDestination, Reuse };

class SubsystemBuilder {
public:
    SubsystemBuilder(const ContextPlan &plan, Random &random, BuiltContext &out,
                     const BuiltContext *next)
        : m_plan(plan), m_random(random), m_out(out), m_next(next) {}

    void build() {
        const std::size_t total = m_plan.elements;
        if (total == 0) {
            return;
        }
        addBus();
        std::size_t left = total - 1;
        const auto share = static_cast<double>(total) * kEventTypeShare;
        const std::size_t typeCount =
            std::min(left, std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(share))));
        left -= typeCount;
        const std::size_t producerCount =
            left == 0
                ? 0
                : std::min(left, std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(
                                                              static_cast<double>(typeCount) /
                                                              kEventTypesPerProducer))));
        left -= producerCount;
        m_free = left;

        for (std::size_t i = 0; i < typeCount; ++i) {
            addEventType();
        }
        m_typeCursor = m_random.below(typeCount);
        m_styleCursor = m_random.below(kStyleCycle.size());
        m_forward = m_next != nullptr && m_random.chance(0.5);
        while (canAddRule()) {
            addRule();
        }
        // What no rule could use becomes more event types (a producer puts them all the same).
        for (; m_free > 0; --m_free) {
            addEventType();
        }
        for (std::size_t i = 0; i < producerCount; ++i) {
            addProducer(i, producerCount);
        }
        addFollowUp();
        giveFailuresSomewhere();
        finish();
    }

private:
    ElementId idOf(std::string_view local) const {
        return ElementId{m_plan.id + "." + std::string(local)};
    }

    // A name not yet used in this subsystem (ids are the context's id, a dot, and this).
    std::string unique(std::string base) {
        if (m_used.insert(base).second) {
            return base;
        }
        for (std::size_t n = 2;; ++n) {
            std::string candidate = base + "-" + number(n);
            if (m_used.insert(candidate).second) {
                return candidate;
            }
        }
    }

    // An AWS resource name: the context's id and the local name, cut to `limit` characters.
    std::string awsName(const std::string &local, std::size_t limit = 64) const {
        std::string name = m_plan.id + "-" + local;
        if (name.size() > limit) {
            name.resize(limit);
        }
        return name;
    }

    std::string_view entity() { return m_random.pick(m_plan.domain->entities); }

    // --- Elements -------------------------------------------------------------------------

    void addBus() {
        Bus bus;
        bus.id = idOf(unique("bus"));
        bus.name = awsName("bus");
        bus.description = "Custom bus for the events of " + m_plan.name + ".";
        bus.context = ElementId{m_plan.id};
        if (m_random.chance(0.35)) {
            Archive archive;
            archive.name = awsName("archive", 48);
            archive.retentionDays = std::array{7, 30, 90, 365}[m_random.below(4)];
            archive.description = "Every event of " + m_plan.name + " for " +
                                  std::to_string(archive.retentionDays) +
                                  " days, to replay into new consumers.";
            bus.archives.push_back(std::move(archive));
        }
        m_out.bus = bus.id;
        m_front.emplace_back(std::move(bus));
    }

    void addEventType() {
        TypeFacts facts;
        // A combination of entity and verb not used yet in this subsystem; when all are (a huge
        // subsystem), unique() numbers the id and the detail-type repeats.
        std::size_t entityIndex = m_random.below(3);
        std::size_t verb = m_random.below(kVerbs.size());
        for (std::size_t attempt = 0; attempt < 3 * kVerbs.size(); ++attempt) {
            const std::size_t key = entityIndex * kVerbs.size() + verb;
            if (!m_combinations.contains(key)) {
                m_combinations.insert(key);
                break;
            }
            verb = (verb + 1) % kVerbs.size();
            if (verb == 0) {
                entityIndex = (entityIndex + 1) % 3;
            }
        }
        facts.entity = m_plan.domain->entities[entityIndex];
        facts.verb = verb;
        facts.source = "com.example." + m_plan.id;
        facts.detailType = std::string(facts.entity) + std::string(kVerbs[verb].past);
        facts.id = idOf(unique(kebab(facts.detailType)));
        facts.idField = camel(facts.entity) + "Id";
        facts.status = std::string(m_random.pick(kStatuses));
        facts.channel = std::string(m_random.pick(kChannels));
        facts.priority = m_random.between(1, 5);
        facts.ipSecondOctet = m_random.between(0, 255);
        if (m_random.chance(0.7)) {
            facts.amount = static_cast<double>(m_random.between(100, 99999)) / 100.0;
        }
        facts.customer = m_random.chance(0.6);

        EventType type;
        type.id = facts.id;
        type.name = facts.detailType;
        type.description = capitalized(withArticle(words(facts.entity))) + " was " +
                           lowered(kVerbs[verb].past) + ".";
        type.context = ElementId{m_plan.id};
        type.source = facts.source;
        type.detailType = facts.detailType;
        type.schema = schemaOf(facts);
        type.samples.push_back(sampleOf(facts));
        m_front.emplace_back(std::move(type));
        m_out.types.push_back(std::move(facts));
        m_out.rulesByType.emplace_back();
    }

    Json schemaOf(const TypeFacts &facts) const {
        Json properties = Json::object();
        properties[facts.idField] = Json{{"type", "string"}};
        Json statuses = Json::array();
        for (const std::string_view status : kStatuses) {
            statuses.push_back(std::string(status));
        }
        properties["status"] = Json{{"enum", std::move(statuses)}};
        properties["channel"] = Json{{"type", "string"}};
        properties["priority"] = Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 5}};
        properties["clientIp"] = Json{{"type", "string"}, {"format", "ipv4"}};
        Json required = Json::array({facts.idField, "status"});
        if (facts.amount) {
            properties["amount"] = Json{{"type", "number"}, {"minimum", 0}};
            properties["currency"] = Json{{"type", "string"}, {"minLength", 3}, {"maxLength", 3}};
            required.push_back("amount");
        }
        if (facts.customer) {
            properties["customer"] =
                Json{{"type", "object"},
                     {"required", Json::array({"id"})},
                     {"properties", Json{{"id", Json{{"type", "string"}}},
                                         {"email", Json{{"type", "string"}, {"format", "email"}}},
                                         {"tier", Json{{"type", "string"}}},
                                         {"country", Json{{"type", "string"}}}}}};
        }
        Json schema = Json::object();
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema["title"] = facts.detailType + " detail";
        schema["type"] = "object";
        schema["required"] = std::move(required);
        schema["properties"] = std::move(properties);
        return schema;
    }

    Json sampleOf(const TypeFacts &facts) {
        Json detail = Json::object();
        const std::string prefix = kebab(facts.entity).substr(0, 3);
        detail[facts.idField] =
            prefix + "-" + number(m_random.between(std::size_t{10000}, std::size_t{99999}));
        detail["status"] = facts.status;
        detail["channel"] = facts.channel;
        detail["priority"] = facts.priority;
        detail["clientIp"] = "10." + std::to_string(facts.ipSecondOctet) + "." +
                             std::to_string(m_random.between(0, 255)) + "." +
                             std::to_string(m_random.between(1, 254));
        if (facts.amount) {
            detail["amount"] = *facts.amount;
            detail["currency"] = std::string(m_random.pick(kCurrencies));
        }
        if (facts.customer) {
            const std::string_view name = m_random.pick(kFirstNames);
            detail["customer"] = Json{
                {"id", "cus-" + number(m_random.between(std::size_t{1000}, std::size_t{9999}))},
                {"email", std::string(name) + "@example.com"},
                {"tier", std::string(m_random.pick(kTiers))},
                {"country", std::string(m_random.pick(kCountries))}};
        }
        Json sample = Json::object();
        sample["version"] = "0";
        sample["id"] = uuid(m_random);
        sample["detail-type"] = facts.detailType;
        sample["source"] = facts.source;
        sample["account"] = "111122223333";
        sample["time"] = eventTime(m_random);
        sample["region"] = std::string(m_random.pick(kAwsRegions));
        sample["resources"] = Json::array();
        sample["detail"] = std::move(detail);
        return sample;
    }

    void addProducer(std::size_t index, std::size_t count) {
        static constexpr std::array<std::string_view, 6> kKinds{
            "service", "web app", "importer", "API", "nightly job", "admin console"};
        const std::string_view kind = kKinds[(index + m_random.below(2)) % kKinds.size()];
        const bool perEntity = kind == "importer" || kind == "API" || kind == "admin console";
        const std::string subject = perEntity ? capitalized(words(entity())) : m_plan.name;
        Producer producer;
        producer.name = subject + " " + std::string(kind);
        producer.id = idOf(unique(slugOf(producer.name)));
        producer.description = "Puts the events of " + m_plan.name + " on its bus.";
        producer.context = ElementId{m_plan.id};
        producer.bus = m_out.bus;
        for (std::size_t t = index; t < m_out.types.size(); t += count) {
            producer.emits.push_back(emissionOf(m_out.types[t]));
        }
        m_front.emplace_back(std::move(producer));
    }

    Emission emissionOf(const TypeFacts &facts) {
        Emission emission;
        emission.eventType = facts.id;
        switch (m_random.weighted(std::array{30, 35, 15, 20})) {
        case 0:
            emission.rate.kind = RateKind::Constant;
            emission.rate.perSecond = rounded(m_random.between(0.2, 20.0), 100);
            break;
        case 1:
            emission.rate.kind = RateKind::Poisson;
            emission.rate.perSecond = rounded(m_random.between(0.1, 10.0), 100);
            break;
        case 2:
            emission.rate.kind = RateKind::Burst;
            emission.rate.burstSize = m_random.between(10, 200);
            emission.rate.burstEverySeconds = static_cast<double>(m_random.between(60, 900));
            break;
        default:
            emission.rate.kind = RateKind::Daily;
            emission.rate.perSecond = rounded(m_random.between(1.0, 30.0), 100);
            emission.rate.hourly.assign(kDailyProfile.begin(), kDailyProfile.end());
            break;
        }
        emission.variations.push_back(FieldVariation{.path = "id", .kind = VariationKind::Uuid});
        emission.variations.push_back(FieldVariation{.path = "time", .kind = VariationKind::Time});
        Json statuses = Json::array({facts.status});
        for (const std::string_view status : {"pending", "completed"}) {
            if (status != facts.status) {
                statuses.push_back(std::string(status));
            }
        }
        emission.variations.push_back(FieldVariation{
            .path = "detail.status", .kind = VariationKind::Choice, .values = std::move(statuses)});
        if (facts.amount) {
            emission.variations.push_back(FieldVariation{.path = "detail.amount",
                                                         .kind = VariationKind::Range,
                                                         .min = 1,
                                                         .max = rounded(*facts.amount * 2, 100)});
        }
        return emission;
    }

    // --- Rules and their targets ----------------------------------------------------------

    static std::size_t cost(Destination kind, bool haveVendor) {
        switch (kind) {
        case Destination::Function:
        case Destination::StateMachine:
            return 1;
        case Destination::Queue:
            return 2; // the queue and the function that reads it
        case Destination::ApiDestination:
            return haveVendor ? 1 : 3; // and, the first time, a connection and an external system
        case Destination::Reuse:
            return 0;
        }
        return 1;
    }

    bool canAddRule() const {
        if (m_out.types.empty()) {
            return false;
        }
        const bool forwardPending = m_forward && !m_forwarded;
        return m_free >= 2 || (m_free == 1 && (!m_reusable.empty() || forwardPending));
    }

    void addRule() {
        --m_free;
        const std::size_t ruleIndex = m_ruleCount++;
        if (m_forward && !m_forwarded && (ruleIndex == 1 || (m_free == 0 && m_reusable.empty()))) {
            addForwardingRule();
            return;
        }
        const std::size_t plainIndex = m_plainRules++;
        const std::size_t typeIndex = m_typeCursor++ % m_out.types.size();
        const TypeFacts &facts = m_out.types[typeIndex];
        const Style style = kStyleCycle[(m_styleCursor + plainIndex) % kStyleCycle.size()];
        const std::string_view action = m_random.pick(kActions);

        Rule rule;
        rule.name = unique(std::string(action) + "-on-" + kebab(facts.detailType));
        rule.id = idOf(rule.name);
        rule.context = ElementId{m_plan.id};
        rule.bus = m_out.bus;
        auto [pattern, about] = patternFor(style, facts);
        rule.pattern = pattern.dump();
        rule.description = capitalized(std::string(action)) + " " + about + ".";
        rule.enabled = !m_random.chance(0.03);

        const std::size_t targetCount = 1 + m_random.weighted(std::array{40, 28, 17, 10, 5});
        std::unordered_set<std::string> targetIds;
        for (std::size_t slot = 0; slot < targetCount; ++slot) {
            std::optional<Destination> kind = chooseDestination(plainIndex, slot, rule);
            if (!kind) {
                break;
            }
            const ElementId destination = makeDestination(*kind, action, facts, rule);
            Target target;
            target.destination = destination;
            target.id = targetIdFor(destination, targetIds);
            decorate(target, facts, plainIndex == 0 && slot == 0);
            rule.targets.push_back(std::move(target));
        }
        m_out.rulesByType[typeIndex].push_back(RuleFacts{rule.id, action});
        m_rules.emplace_back(std::move(rule));
    }

    // A rule that sends all of this subsystem's events on to the next subsystem's bus.
    void addForwardingRule() {
        m_forwarded = true;
        Rule rule;
        rule.name = unique("forward-to-" +
                           std::string(m_next->bus.value.substr(0, m_next->bus.value.find('.'))));
        rule.id = idOf(rule.name);
        rule.description = "Forward every event of " + m_plan.name +
                           " to the next bus, whose consumers also need them.";
        rule.context = ElementId{m_plan.id};
        rule.bus = m_out.bus;
        rule.pattern =
            Json{{"source", Json::array({Json{{"prefix", "com.example." + m_plan.id}}})}}.dump();
        Target target;
        target.id = "next-bus";
        target.destination = m_next->bus;
        target.retryPolicy = RetryPolicy{24, 3600};
        rule.targets.push_back(std::move(target));
        m_rules.emplace_back(std::move(rule));
    }

    std::optional<Destination> chooseDestination(std::size_t plainIndex, std::size_t slot,
                                                 const Rule &rule) {
        Destination kind = Destination::Function;
        if (slot == 0 && plainIndex < kForcedRules) {
            static constexpr std::array<Destination, kForcedRules> kForced{
                Destination::Function, Destination::Queue, Destination::StateMachine,
                Destination::ApiDestination};
            kind = kForced[plainIndex];
        } else {
            static constexpr std::array<Destination, 5> kKinds{
                Destination::Function, Destination::Queue, Destination::StateMachine,
                Destination::ApiDestination, Destination::Reuse};
            kind = kKinds[m_random.weighted(std::array{40, 18, 14, 12, 16})];
        }
        const bool canReuse = reusableFor(rule) != nullptr;
        if (kind == Destination::Reuse && !canReuse) {
            kind = Destination::Function;
        }
        if (cost(kind, !m_vendor.empty()) > m_free) {
            kind = m_free >= 1 ? Destination::Function : Destination::Reuse;
        }
        if (kind == Destination::Reuse && !canReuse) {
            return std::nullopt;
        }
        return kind;
    }

    // An existing consumer that `rule` does not target yet, or null.
    const ElementId *reusableFor(const Rule &rule) {
        if (m_reusable.empty()) {
            return nullptr;
        }
        const std::size_t start = m_random.below(m_reusable.size());
        for (std::size_t i = 0; i < m_reusable.size(); ++i) {
            const ElementId &candidate = m_reusable[(start + i) % m_reusable.size()];
            if (std::none_of(rule.targets.begin(), rule.targets.end(),
                             [&](const Target &t) { return t.destination == candidate; })) {
                return &candidate;
            }
        }
        return nullptr;
    }

    ElementId makeDestination(Destination kind, std::string_view action, const TypeFacts &facts,
                              const Rule &rule) {
        m_free -= cost(kind, !m_vendor.empty());
        switch (kind) {
        case Destination::Function:
            return addFunction(std::string(action) + "-" + kebab(facts.entity),
                               capitalized(thirdPerson(action)) + " " + words(facts.entity) +
                                   " events as they happen.",
                               true);
        case Destination::StateMachine:
            return addStateMachine(action, facts.entity);
        case Destination::Queue:
            return addQueue(action, facts.entity);
        case Destination::ApiDestination:
            return addApiDestination(action, facts.entity);
        case Destination::Reuse:
            break;
        }
        return *reusableFor(rule);
    }

    // The target's EventBridge Id: its destination's local name, unique within the rule.
    static std::string targetIdFor(const ElementId &destination,
                                   std::unordered_set<std::string> &taken) {
        std::string base = destination.value.substr(destination.value.find('.') + 1);
        base.resize(std::min<std::size_t>(base.size(), 60));
        std::string id = base;
        for (std::size_t n = 2; !taken.insert(id).second; ++n) {
            id = base + "-" + number(n);
        }
        return id;
    }

    // Retry policy, dead-letter queue and input transformation of a target.
    void decorate(Target &target, const TypeFacts &facts, bool wantDeadLetterQueue) {
        if (m_random.chance(0.45)) {
            target.retryPolicy.maximumRetryAttempts =
                std::array{0, 2, 3, 8, 12, 24, 48, 100}[m_random.below(8)];
            target.retryPolicy.maximumEventAgeSeconds =
                std::array{60, 300, 900, 1800, 3600, 7200, 14400, 43200}[m_random.below(8)];
        }
        if ((wantDeadLetterQueue || m_random.chance(0.3)) && ensureDeadLetterQueue()) {
            target.deadLetterQueue = m_deadLetterQueue;
        }
        if (m_random.chance(0.2)) {
            if (m_random.chance(0.5)) {
                target.input = TargetInput::path("$.detail");
            } else {
                target.input = TargetInput::transformer(
                    {{"id", "$.detail." + facts.idField}, {"status", "$.detail.status"}},
                    "{\"" + facts.idField +
                        "\": <id>, \"status\": <status>, \"rule\": <aws.events.rule-name>}");
            }
        }
    }

    // A careful team's retry layers: what a target function fails for good goes to the
    // subsystem's dead-letter queue (or, without one, back to its bus as a failure record), and
    // each worker queue redrives to the dead-letter queue after five receives.
    void giveFailuresSomewhere() {
        for (const std::size_t index : m_followUpCandidates) {
            auto &function = std::get<Consumer>(m_consumers[index]);
            function.asyncInvocation.onFailure =
                m_deadLetterQueue.empty() ? m_out.bus : m_deadLetterQueue;
        }
        if (m_deadLetterQueue.empty()) {
            return;
        }
        for (Element &element : m_consumers) {
            if (auto *queue = std::get_if<Queue>(&element); queue && !queue->readBy.empty()) {
                queue->redrivePolicy = {m_deadLetterQueue, 5};
            }
        }
    }

    // The subsystem's dead-letter queue, made (with the function that redrives it) the first
    // time a target wants one and the budget allows.
    bool ensureDeadLetterQueue() {
        if (!m_deadLetterQueue.empty()) {
            return true;
        }
        if (m_free < 2) {
            return false;
        }
        m_free -= 2;
        const ElementId reader = addFunction(
            "redrive-dead-letters",
            "Alerts on dead letters and sends them back once the cause is fixed.", false);
        Queue queue;
        queue.id = idOf(unique("dlq"));
        queue.name = awsName("dlq", 80);
        queue.description =
            "Events " + m_plan.name + "'s targets could not take after every retry.";
        queue.context = ElementId{m_plan.id};
        queue.messageRetentionSeconds = 1209600; // 14 days, the SQS maximum
        queue.readBy = reader;
        m_deadLetterQueue = queue.id;
        m_sinks.emplace_back(std::move(queue));
        return true;
    }

    Behavior functionBehavior() {
        Behavior behavior;
        switch (m_random.below(3)) {
        case 0:
            behavior.latency.kind = LatencyKind::LogNormal;
            behavior.latency.medianMs = static_cast<double>(m_random.between(15, 120));
            behavior.latency.sigma = rounded(m_random.between(0.3, 0.7), 20);
            break;
        case 1:
            behavior.latency.kind = LatencyKind::Uniform;
            behavior.latency.minMs = static_cast<double>(m_random.between(5, 40));
            behavior.latency.maxMs =
                behavior.latency.minMs + static_cast<double>(m_random.between(20, 200));
            break;
        default:
            behavior.latency.kind = LatencyKind::Normal;
            behavior.latency.meanMs = static_cast<double>(m_random.between(20, 150));
            behavior.latency.stddevMs = rounded(behavior.latency.meanMs / 4, 1);
            break;
        }
        behavior.concurrency = std::array{0, 10, 50, 100, 200}[m_random.below(5)];
        behavior.failures.push_back(
            {FailureKind::Throttled, rounded(m_random.between(0.0005, 0.005), 10000)});
        if (m_random.chance(0.5)) {
            behavior.failures.push_back(
                {FailureKind::ServerError, rounded(m_random.between(0.0001, 0.002), 10000)});
        }
        return behavior;
    }

    // A Lambda function; `isTarget` when a rule invokes it (not a queue's reader).
    ElementId addFunction(const std::string &base, std::string description, bool isTarget) {
        Consumer function;
        function.kind = ElementKind::Function;
        const std::string local = unique(base);
        function.id = idOf(local);
        function.name = awsName(local);
        function.description = std::move(description);
        function.context = ElementId{m_plan.id};
        function.behavior = functionBehavior();
        if (!m_externalSystem.empty() && m_random.chance(0.15)) {
            function.behavior.dependsOn.push_back(m_externalSystem);
        }
        const ElementId id = function.id;
        if (isTarget) {
            m_reusable.push_back(id);
            m_followUpCandidates.push_back(m_consumers.size());
        }
        m_consumers.emplace_back(std::move(function));
        return id;
    }

    ElementId addStateMachine(std::string_view action, std::string_view subject) {
        Consumer machine;
        machine.kind = ElementKind::StateMachine;
        const std::string local = unique(kebab(subject) + "-" + std::string(action) + "-workflow");
        machine.id = idOf(local);
        machine.name = awsName(local, 80);
        machine.description = "Step Functions workflow: " + std::string(action) + " the " +
                              words(subject) + " step by step.";
        machine.context = ElementId{m_plan.id};
        machine.behavior.latency.kind = LatencyKind::Uniform;
        machine.behavior.latency.minMs = static_cast<double>(m_random.between(100, 400));
        machine.behavior.latency.maxMs =
            machine.behavior.latency.minMs + static_cast<double>(m_random.between(200, 2000));
        machine.behavior.failures.push_back(
            {FailureKind::ServerError, rounded(m_random.between(0.0001, 0.001), 10000)});
        const ElementId id = machine.id;
        m_reusable.push_back(id);
        m_consumers.emplace_back(std::move(machine));
        return id;
    }

    ElementId addQueue(std::string_view action, std::string_view subject) {
        (void)ensureDeadLetterQueue(); // where its failing messages are redriven, budget allowing
        const std::string base = std::string(action) + "-" + kebab(subject);
        const ElementId worker =
            addFunction(base + "-worker",
                        "Reads the " + words(subject) + " events of its queue in batches and " +
                            thirdPerson(action) + " them.",
                        false);
        Queue queue;
        const std::string local = unique(base + "-queue");
        queue.id = idOf(local);
        queue.name = awsName(local, 80);
        queue.description =
            "Buffers " + words(subject) + " events for a worker that takes them in batches.";
        queue.context = ElementId{m_plan.id};
        // Shorter than the dead-letter queue's 14 days: SQS ages a redriven message from its
        // first enqueue.
        queue.messageRetentionSeconds = std::array{86400, 345600, 604800}[m_random.below(3)];
        queue.readBy = worker;
        const ElementId id = queue.id;
        m_reusable.push_back(id);
        m_consumers.emplace_back(std::move(queue));
        return id;
    }

    void ensureVendor() {
        if (!m_vendor.empty()) {
            return;
        }
        const Vendor &vendor = m_random.pick(kVendors);
        m_vendorInfo = &vendor;
        ExternalSystem external;
        external.id = idOf(unique(std::string(vendor.slug)));
        external.name = std::string(vendor.name);
        external.description = "The " + std::string(vendor.what) + " " + m_plan.name + " calls.";
        external.context = ElementId{m_plan.id};
        external.behavior.latency.kind = LatencyKind::Percentiles;
        const double median = static_cast<double>(m_random.between(80, 250));
        external.behavior.latency.table = {
            {50, median}, {90, median * 2}, {99, median * 6}, {100, median * 25}};
        external.behavior.failures.push_back(
            {FailureKind::Timeout, rounded(m_random.between(0.0002, 0.002), 10000)});
        m_externalSystem = external.id;
        m_out.externalSystem = external.id;
        m_out.vendor = &vendor;

        Connection connection;
        connection.id = idOf(unique(std::string(vendor.slug) + "-connection"));
        connection.name = awsName(std::string(vendor.slug) + "-connection");
        connection.description = "How " + m_plan.name + " signs in to " + std::string(vendor.name) +
                                 "; the secret is supplied at deployment.";
        connection.context = ElementId{m_plan.id};
        switch (m_random.below(3)) {
        case 0:
            connection.authorization = AuthorizationType::ApiKey;
            connection.apiKeyName = "X-Api-Key";
            break;
        case 1:
            connection.authorization = AuthorizationType::Basic;
            connection.username = m_plan.id;
            break;
        default:
            connection.authorization = AuthorizationType::OAuthClientCredentials;
            connection.oauthEndpoint =
                "https://auth." + std::string(vendor.slug) + ".example.com/oauth2/token";
            connection.oauthHttpMethod = "POST";
            connection.oauthClientId = m_plan.id;
            break;
        }
        m_vendor = connection.id;
        m_sinks.emplace_back(std::move(connection));
        m_sinks.emplace_back(std::move(external));
    }

    ElementId addApiDestination(std::string_view action, std::string_view subject) {
        ensureVendor();
        ApiDestination api;
        const std::string local = unique(std::string(m_vendorInfo->slug) + "-" + kebab(subject) +
                                         "-" + std::string(action));
        api.id = idOf(local);
        api.name = awsName(local);
        api.description =
            "Tells " + std::string(m_vendorInfo->name) + " about " + words(subject) + " events.";
        api.context = ElementId{m_plan.id};
        api.connection = m_vendor;
        api.endpoint = "https://api." + std::string(m_vendorInfo->slug) + ".example.com/v2/" +
                       kebab(subject) + "s/" + std::string(action);
        api.httpMethod = m_random.chance(0.8) ? "POST" : "PUT";
        api.invocationRateLimitPerSecond = std::array{10, 20, 50, 100, 300}[m_random.below(5)];
        api.externalSystem = m_externalSystem;
        api.behavior.latency.kind = LatencyKind::LogNormal;
        api.behavior.latency.medianMs = static_cast<double>(m_random.between(60, 300));
        api.behavior.latency.sigma = 0.5;
        api.behavior.failures.push_back(
            {FailureKind::Throttled, rounded(m_random.between(0.001, 0.01), 10000)});
        api.behavior.failures.push_back(
            {FailureKind::ServerError, rounded(m_random.between(0.0005, 0.003), 10000)});
        const ElementId id = api.id;
        m_reusable.push_back(id);
        m_consumers.emplace_back(std::move(api));
        return id;
    }

    // One function of an even subsystem puts an event on the next subsystem's bus: events flow
    // only from a subsystem to the one after it, so they never come back (no event loops).
    void addFollowUp() {
        if (m_next == nullptr || m_next->types.empty() || m_followUpCandidates.empty() ||
            !m_random.chance(0.5)) {
            return;
        }
        auto &function = std::get<Consumer>(
            m_consumers[m_followUpCandidates[m_random.below(m_followUpCandidates.size())]]);
        const TypeFacts &type = m_next->types[m_random.below(m_next->types.size())];
        function.behavior.followUps.push_back(
            FollowUp{type.id, m_next->bus, rounded(m_random.between(0.2, 1.0), 20)});
    }

    // --- Patterns -------------------------------------------------------------------------

    // A pattern of `style` that matches the sample event of `facts`, and what it selects in
    // words (for the rule's description).
    std::pair<Json, std::string> patternFor(Style style, const TypeFacts &facts) {
        const std::string what = words(facts.entity) + " " + lowered(kVerbs[facts.verb].past);
        const Json source = Json::array({facts.source});
        const Json detailType = Json::array({facts.detailType});
        switch (style) {
        case Style::Exact:
            break;
        case Style::ExactList: {
            const TypeFacts &other = m_out.types[m_random.below(m_out.types.size())];
            Json types = Json::array({facts.detailType});
            if (other.detailType != facts.detailType) {
                types.push_back(other.detailType);
            }
            return {Json{{"source", source}, {"detail-type", std::move(types)}},
                    what + " and " + words(other.entity) + " " + lowered(kVerbs[other.verb].past) +
                        " events"};
        }
        case Style::Prefix:
            return {Json{{"source", Json::array({Json{{"prefix", "com.example." + m_plan.id}}})},
                         {"detail-type", Json::array({Json{{"prefix", facts.entity}}})}},
                    "every " + words(facts.entity) + " event, by prefix"};
        case Style::Numeric:
            if (facts.amount) {
                const auto low = static_cast<int>(std::floor(*facts.amount / 2));
                const auto high = static_cast<int>(std::ceil(*facts.amount)) * 2;
                return {Json{{"source", source},
                             {"detail-type", detailType},
                             {"detail",
                              Json{{"amount",
                                    Json::array({Json{
                                        {"numeric", Json::array({">", low, "<=", high})}}})}}}},
                        what + " events with an amount above " + std::to_string(low) + " up to " +
                            std::to_string(high)};
            }
            return {
                Json{{"source", source},
                     {"detail",
                      Json{{"priority", Json::array({Json{
                                            {"numeric", Json::array({">=", facts.priority})}}})}}}},
                "events of priority " + std::to_string(facts.priority) + " or higher"};
        case Style::AnythingBut: {
            Json excluded = Json::array();
            for (std::size_t i = m_random.below(kStatuses.size()); excluded.size() < 2;
                 i = (i + 1) % kStatuses.size()) {
                if (kStatuses[i] != facts.status) {
                    excluded.push_back(std::string(kStatuses[i]));
                }
            }
            std::string about = what + " events in any status but " +
                                excluded[0].get<std::string>() + " or " +
                                excluded[1].get<std::string>();
            return {Json{{"source", source},
                         {"detail-type", detailType},
                         {"detail", Json{{"status", Json::array({Json{{"anything-but",
                                                                       std::move(excluded)}}})}}}},
                    std::move(about)};
        }
        case Style::Exists:
            if (facts.customer) {
                return {Json{{"source", source},
                             {"detail-type", detailType},
                             {"detail",
                              Json{{"customer",
                                    Json{{"email", Json::array({Json{{"exists", true}}})}}}}}},
                        what + " events that have a customer e-mail"};
            }
            return {Json{{"source", source},
                         {"detail", Json{{facts.idField, Json::array({Json{{"exists", true}}})}}}},
                    "events that carry a " + facts.idField};
        case Style::Wildcard:
            return {Json{{"source", source},
                         {"detail-type",
                          Json::array({Json{{"wildcard", std::string(facts.entity) + "*"}}})}},
                    "every " + words(facts.entity) + " event, by wildcard"};
        case Style::Or:
            return {
                Json{{"source", source},
                     {"$or",
                      Json::array(
                          {Json{{"detail-type", detailType}},
                           Json{{"detail", Json{{"priority",
                                                 Json::array({Json{
                                                     {"numeric", Json::array({">=", 4})}}})}}}}})}},
                what + " events, or any event of priority 4 or higher"};
        case Style::IgnoreCase: {
            std::string upper = facts.channel;
            std::transform(upper.begin(), upper.end(), upper.begin(), toUpper);
            return {Json{{"source", source},
                         {"detail-type", detailType},
                         {"detail",
                          Json{{"channel", Json::array({Json{{"equals-ignore-case", upper}}})}}}},
                    what + " events from the " + facts.channel + " channel"};
        }
        case Style::Suffix:
            return {Json{{"source", source},
                         {"detail-type",
                          Json::array({Json{{"suffix", std::string(kVerbs[facts.verb].past)}}})}},
                    "everything " + lowered(kVerbs[facts.verb].past) + " in " + m_plan.name};
        case Style::Cidr: {
            const std::string range = "10." + std::to_string(facts.ipSecondOctet) + ".0.0/16";
            return {Json{{"source", source},
                         {"detail-type", detailType},
                         {"detail", Json{{"clientIp", Json::array({Json{{"cidr", range}}})}}}},
                    what + " events from the network " + range};
        }
        case Style::AnythingButPrefix:
            return {Json{{"source", source},
                         {"detail-type", detailType},
                         {"detail",
                          Json{{"channel",
                                Json::array({Json{{"anything-but", Json{{"prefix", "test"}}}}})}}}},
                    what + " events from every channel but test ones"};
        }
        return {Json{{"source", source}, {"detail-type", detailType}}, what + " events"};
    }

    // --- Layout -----------------------------------------------------------------------------

    // The subsystem as a project of its own, in flow order, laid out in columns from (0, 0).
    void finish() {
        std::vector<Element> &architecture = m_out.architecture;
        Project skeletons;
        for (std::vector<Element> *part : {&m_front, &m_rules, &m_consumers, &m_sinks}) {
            for (Element &element : *part) {
                // Ids are valid and unique by construction (the tests count every element).
                (void)skeletons.appendUnchecked(skeletonOf(element));
                architecture.push_back(std::move(element));
            }
        }
        m_out.positions.assign(architecture.size(), Point{});
        for (const auto &[id, at] : computeLayout(skeletons)) {
            m_out.positions[skeletons.indexOf(id)] = at;
        }
    }

    // What computeLayout() looks at (kind, id, references), without the sample events, schemas
    // and rates that would make copying every element cost more than generating it.
    static Element skeletonOf(const Element &element) {
        if (const auto *type = std::get_if<EventType>(&element)) {
            EventType skeleton;
            skeleton.id = type->id;
            return skeleton;
        }
        if (const auto *producer = std::get_if<Producer>(&element)) {
            Producer skeleton;
            skeleton.id = producer->id;
            skeleton.bus = producer->bus;
            for (const Emission &emission : producer->emits) {
                Emission only;
                only.eventType = emission.eventType;
                skeleton.emits.push_back(std::move(only));
            }
            return skeleton;
        }
        return element;
    }

    const ContextPlan &m_plan;
    Random &m_random;
    BuiltContext &m_out;
    const BuiltContext *m_next; // the subsystem this one may forward to, or null

    // The elements, by column-ish group, in the order they are made.
    std::vector<Element> m_front; // bus, event types, producers
    std::vector<Element> m_rules;
    std::vector<Element> m_consumers; // targets and the functions that read queues
    std::vector<Element> m_sinks;     // dead-letter queue, connection, external system

    std::unordered_set<std::string> m_used;         // local names
    std::unordered_set<std::size_t> m_combinations; // entity and verb of the event types
    std::size_t m_free = 0;                         // elements left for rules and what they target
    std::size_t m_ruleCount = 0;
    std::size_t m_plainRules = 0;  // rules other than the forwarding one
    std::size_t m_typeCursor = 0;  // the event type the next rule is for
    std::size_t m_styleCursor = 0; // where in kStyleCycle this subsystem starts
    bool m_forward = false;        // whether a rule forwards to the next subsystem's bus
    bool m_forwarded = false;
    std::vector<ElementId> m_reusable;             // consumers a further rule may target too
    std::vector<std::size_t> m_followUpCandidates; // indexes in m_consumers of target functions
    ElementId m_deadLetterQueue;
    ElementId m_vendor; // the connection API destinations use
    ElementId m_externalSystem;
    const Vendor *m_vendorInfo = nullptr;
};

// --- Build: one context's board ----------------------------------------------------------------

class BoardBuilder {
public:
    BoardBuilder(const ContextPlan &plan, Random &random, BuiltContext &out)
        : m_plan(plan), m_random(random), m_out(out) {}

    // An event-storming timeline: beats of actor, command, aggregate, domain events, policy,
    // read model, external system and hotspot, each beat about one event; mostly domain events.
    void build() {
        m_typeCursor = m_random.below(std::max<std::size_t>(1, m_out.types.size()));
        while (m_out.stickies.size() < m_plan.stickies) {
            beat();
        }
    }

private:
    void beat() {
        std::string_view entity = m_random.pick(m_plan.domain->entities);
        std::size_t verb = m_random.below(kVerbs.size());
        ElementId eventType;
        const std::vector<RuleFacts> *rules = nullptr;
        if (!m_out.types.empty()) {
            const std::size_t t = m_typeCursor++ % m_out.types.size();
            const TypeFacts &facts = m_out.types[t];
            entity = facts.entity;
            verb = facts.verb;
            eventType = facts.id;
            rules = &m_out.rulesByType[t];
        }
        const std::string noun = words(entity);
        const std::string happened = lowered(kVerbs[verb].past);

        if (m_random.chance(0.3)) {
            add(StickyKind::Actor, std::string(m_random.pick(kActors)));
        }
        if (m_random.chance(0.65)) {
            add(StickyKind::Command, std::string(kVerbs[verb].imperative) + " " + noun);
        }
        if (m_random.chance(0.2)) {
            add(StickyKind::Aggregate, capitalized(noun));
        }
        add(StickyKind::DomainEvent, capitalized(noun) + " " + happened, eventType);
        if (m_random.chance(0.6)) {
            const std::size_t next = (verb + 1 + m_random.below(kVerbs.size() - 1)) % kVerbs.size();
            add(StickyKind::DomainEvent, capitalized(noun) + " " + lowered(kVerbs[next].past));
        }
        if (m_random.chance(0.35)) {
            // The policy became the rule made for this event, when there is one.
            RuleFacts rule{ElementId{}, m_random.pick(kActions)};
            if (rules != nullptr && !rules->empty()) {
                rule = (*rules)[m_random.below(rules->size())];
            }
            add(StickyKind::Policy,
                "Whenever " + withArticle(noun) + " is " + happened + ", " +
                    std::string(rule.action) + " it",
                rule.id);
        }
        if (m_random.chance(0.25)) {
            static constexpr std::array<std::string_view, 4> kReadModels{
                "Open {}s", "{}s by status", "{} history", "Daily {} report"};
            std::string text(m_random.pick(kReadModels));
            const std::size_t at = text.find("{}");
            text.replace(at, 2, at == 0 ? capitalized(noun) : noun);
            add(StickyKind::ReadModel, std::move(text));
        }
        if (m_random.chance(0.12)) {
            const Vendor &vendor = m_out.vendor ? *m_out.vendor : m_random.pick(kVendors);
            add(StickyKind::ExternalSystem,
                std::string(vendor.name) + " (" + std::string(vendor.what) + ")",
                m_out.externalSystem);
        }
        if (m_random.chance(0.08)) {
            static constexpr std::array<std::string_view, 4> kHotspots{
                "What if {a} is {v} twice?", "Who owns {a} once it is {v}?",
                "Can {a} be {v} after it was cancelled?", "Which team decides when {a} is {v}?"};
            std::string text(m_random.pick(kHotspots));
            text.replace(text.find("{a}"), 3, "the " + noun);
            text.replace(text.find("{v}"), 3, happened);
            add(StickyKind::Hotspot, std::move(text));
        }
    }

    void add(StickyKind kind, std::string text, ElementId linked = {}) {
        if (m_out.stickies.size() >= m_plan.stickies) {
            return;
        }
        Sticky sticky;
        sticky.id = ElementId{m_plan.id + ".s-" + number(m_out.stickies.size() + 1)};
        sticky.kind = kind;
        sticky.text = std::move(text);
        sticky.context = ElementId{m_plan.id};
        sticky.geometry = defaultStickyGeometry(kind, {});
        sticky.linked = std::move(linked);
        m_out.stickies.push_back(std::move(sticky));
    }

    const ContextPlan &m_plan;
    Random &m_random;
    BuiltContext &m_out;
    std::size_t m_typeCursor = 0;
};

// Places a built context's content inside its region (relative to the region's top-left
// corner): the board as a left-to-right timeline band on top, wrapping into rows, and the
// architecture's columns below it. Sets the region's size.
void arrange(BuiltContext &built) {
    double archWidth = 0;
    double archHeight = 0;
    for (const Point &at : built.positions) {
        archWidth = std::max(archWidth, at.x + kElementBoxWidth);
        archHeight = std::max(archHeight, at.y + kElementBoxHeight);
    }

    double area = 0;
    for (const Sticky &sticky : built.stickies) {
        area += (sticky.geometry.width + kStickyGap) * (sticky.geometry.height + kStickyGap);
    }
    // Twice as wide as high, and at least as wide as the architecture.
    const double bandLimit = std::max({archWidth, kMinBandWidth, std::ceil(std::sqrt(2 * area))});
    const double top = kPadding + kHeader;
    double x = 0;
    double y = 0;
    double rowHeight = 0;
    double bandWidth = 0;
    for (Sticky &sticky : built.stickies) {
        if (x > 0 && x + sticky.geometry.width > bandLimit) {
            y += rowHeight + kStickyGap;
            x = 0;
            rowHeight = 0;
        }
        sticky.geometry.x = kPadding + x;
        sticky.geometry.y = top + y;
        x += sticky.geometry.width + kStickyGap;
        rowHeight = std::max(rowHeight, sticky.geometry.height);
        bandWidth = std::max(bandWidth, x - kStickyGap);
    }
    const double bandHeight = built.stickies.empty() ? 0 : y + rowHeight;

    const double archTop = top + (bandHeight > 0 ? bandHeight + kBandGap : 0);
    for (Point &at : built.positions) {
        at.x += kPadding;
        at.y += archTop;
    }
    built.width = 2 * kPadding + std::max({archWidth, bandWidth, kElementBoxWidth});
    built.height = (archHeight > 0 ? archTop + archHeight : top + bandHeight) + kPadding;
}

std::string describeProject(const SynthOptions &options, std::size_t subsystems,
                            std::size_t contexts) {
    return "A synthetic model made by stormglass-cli synth (seed " + std::to_string(options.seed) +
           "): " + number(options.elements) + " architecture elements in " + number(subsystems) +
           " subsystems and " + number(options.stickies) + " stickies in " + number(contexts) +
           " bounded contexts.";
}

} // namespace

Project synthesizeProject(const SynthOptions &options) {
    const std::vector<ContextPlan> plans = planContexts(options);
    const std::size_t subsystems = static_cast<std::size_t>(std::count_if(
        plans.begin(), plans.end(), [](const ContextPlan &p) { return p.elements > 0; }));

    // Odd subsystems first: an even one may forward to, and follow up on, the one after it.
    std::vector<BuiltContext> built(plans.size());
    const auto buildOne = [&](std::size_t i) {
        Random random = streamFor(options.seed, i + 1);
        const BuiltContext *next = i % 2 == 0 && i + 1 < subsystems ? &built[i + 1] : nullptr;
        SubsystemBuilder(plans[i], random, built[i], next).build();
        BoardBuilder(plans[i], random, built[i]).build();
        arrange(built[i]);
    };
    for (std::size_t pair = 0; pair < plans.size(); pair += 2) {
        if (pair + 1 < plans.size()) {
            buildOne(pair + 1);
        }
        buildOne(pair);
    }

    // The regions on a roughly square grid: each column as wide as its widest region, each row
    // as high as its highest, and every region stretched to its cell so the board looks tidy.
    const std::size_t columns = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(plans.size())))));
    const std::size_t rows = (plans.size() + columns - 1) / columns;
    std::vector<double> columnWidth(columns, 0);
    std::vector<double> rowHeight(rows, 0);
    for (std::size_t i = 0; i < built.size(); ++i) {
        columnWidth[i % columns] = std::max(columnWidth[i % columns], built[i].width);
        rowHeight[i / columns] = std::max(rowHeight[i / columns], built[i].height);
    }
    std::vector<double> columnX(columns, 0);
    std::vector<double> rowY(rows, 0);
    for (std::size_t c = 1; c < columns; ++c) {
        columnX[c] = columnX[c - 1] + columnWidth[c - 1] + kContextGap;
    }
    for (std::size_t r = 1; r < rows; ++r) {
        rowY[r] = rowY[r - 1] + rowHeight[r - 1] + kContextGap;
    }

    Project project;
    project.setInfo("Synthetic model (seed " + std::to_string(options.seed) + ")",
                    describeProject(options, subsystems, plans.size()));
    std::vector<Point> origins(plans.size());
    for (std::size_t i = 0; i < plans.size(); ++i) {
        origins[i] = {columnX[i % columns], rowY[i / columns]};
        BoundedContext context;
        context.id = ElementId{plans[i].id};
        context.name = plans[i].name;
        context.description = std::string(plans[i].domain->description);
        context.region = {origins[i].x, origins[i].y, columnWidth[i % columns],
                          rowHeight[i / columns]};
        context.color = std::string(plans[i].domain->color);
        (void)project.appendUnchecked(std::move(context));
    }
    for (std::size_t i = 0; i < plans.size(); ++i) {
        std::vector<Element> &elements = built[i].architecture;
        for (std::size_t e = 0; e < elements.size(); ++e) {
            const Point at = built[i].positions[e];
            setElementPosition(elements[e], {origins[i].x + at.x, origins[i].y + at.y});
            (void)project.appendUnchecked(std::move(elements[e]));
        }
        elements = {};
    }
    for (std::size_t i = 0; i < plans.size(); ++i) {
        for (Sticky &sticky : built[i].stickies) {
            sticky.geometry.x += origins[i].x;
            sticky.geometry.y += origins[i].y;
            (void)project.appendUnchecked(std::move(sticky));
        }
    }
    return project;
}

} // namespace sg::model
