// Imports of CloudFormation/SAM templates and AWS CLI rule listings. Both are read into one JSON
// tree first (io/importtext), then an Importer stages elements, resolves references and reports
// what it leaves out; the staged elements become a project that is checked and laid out once.

#include "io/import.h"

#include "arch/layout.h"
#include "core/jsontype.h"
#include "io/importsupport.h"
#include "io/importtext.h"
#include "io/inputfile.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace sg::model {

namespace {

using namespace importing;

// Files larger than this are refused before reading (CloudFormation's own limit is 1 MB).
constexpr std::uintmax_t kMaxImportFileBytes = 64ull * 1024 * 1024;

// An element a reference ends at, or why there is none.
struct Destination {
    ElementId id;
    std::string why;
};

const std::vector<ElementKind> &targetKinds() {
    static const std::vector<ElementKind> kinds{ElementKind::Function, ElementKind::StateMachine,
                                                ElementKind::Queue, ElementKind::ApiDestination,
                                                ElementKind::Bus};
    return kinds;
}

std::optional<ElementKind> modelledKind(std::string_view type) {
    if (type == "AWS::Events::EventBus") {
        return ElementKind::Bus;
    }
    if (type == "AWS::Events::Rule") {
        return ElementKind::Rule;
    }
    if (type == "AWS::SQS::Queue") {
        return ElementKind::Queue;
    }
    if (type == "AWS::Lambda::Function" || type == "AWS::Serverless::Function") {
        return ElementKind::Function;
    }
    if (type == "AWS::StepFunctions::StateMachine" || type == "AWS::Serverless::StateMachine") {
        return ElementKind::StateMachine;
    }
    if (type == "AWS::Events::Connection") {
        return ElementKind::Connection;
    }
    if (type == "AWS::Events::ApiDestination") {
        return ElementKind::ApiDestination;
    }
    return std::nullopt;
}

// The kind of element an ARN names, if it is one a rule can target.
std::optional<ElementKind> arnKind(const Arn &arn) {
    const std::string &resource = arn.resource;
    const auto named = [&resource](std::string_view prefix) {
        return resource.size() > prefix.size() && resource.starts_with(prefix) &&
               resource[prefix.size()] != ':' && resource[prefix.size()] != '/';
    };
    if (arn.service == "lambda" && named("function:")) {
        return ElementKind::Function;
    }
    if (arn.service == "states" && named("stateMachine:")) {
        return ElementKind::StateMachine;
    }
    if (arn.service == "sqs" && !resource.empty() &&
        resource.find_first_of(":/") == std::string::npos) {
        return ElementKind::Queue;
    }
    if (arn.service == "events" && named("event-bus/")) {
        return ElementKind::Bus;
    }
    if (arn.service == "events" && named("api-destination/")) {
        return ElementKind::ApiDestination;
    }
    return std::nullopt;
}

// Resources that become part of another element rather than elements of their own.
bool isFoldedType(std::string_view type) {
    return type == "AWS::Events::Archive" || type == "AWS::Lambda::EventSourceMapping" ||
           type == "AWS::Lambda::EventInvokeConfig";
}

// The order of kinds in an imported project's model order (and so in its files).
int kindRank(const Element &element) {
    switch (elementKind(element)) {
    case ElementKind::Bus:
        return 0;
    case ElementKind::Rule:
        return 1;
    case ElementKind::Function:
        return 2;
    case ElementKind::StateMachine:
        return 3;
    case ElementKind::Queue:
        return 4;
    case ElementKind::ApiDestination:
        return 5;
    case ElementKind::Connection:
        return 6;
    default:
        return 7;
    }
}

// Stages elements, resolves references and collects what is not imported. One instance per
// import.
class Importer {
public:
    // --- CloudFormation and SAM ------------------------------------------------------------

    void importTemplate(const Json &root) {
        if (!root.is_object()) {
            Error error;
            error.message = "Not a CloudFormation template: expected a mapping of sections at the "
                            "top level, found " +
                            describeJsonType(root);
            throw ImportFailure{std::move(error)};
        }
        if (const auto description = root.find("Description");
            description != root.end() && description->is_string()) {
            m_description = description->get<std::string>();
        }
        if (const auto parameters = root.find("Parameters"); parameters != root.end()) {
            if (!parameters->is_object()) {
                failAt("Parameters",
                       "expected a mapping of parameters, found " + describeJsonType(*parameters));
            }
            for (const auto &[name, parameter] : parameters->items()) {
                std::optional<Json> value;
                if (parameter.is_object()) {
                    if (const auto found = parameter.find("Default"); found != parameter.end()) {
                        value = *found;
                    }
                }
                m_values.addParameter(name, std::move(value));
            }
        }
        const auto resources = root.find("Resources");
        if (resources == root.end()) {
            Error error;
            error.message = "Not a CloudFormation template: it has no Resources section";
            error.field = "Resources";
            throw ImportFailure{std::move(error)};
        }
        if (!resources->is_object()) {
            failAt("Resources",
                   "expected a mapping of resources, found " + describeJsonType(*resources));
        }
        if (resources->empty()) {
            failAt("Resources", "the template declares no resources");
        }

        // First every logical id and type, so that references resolve in any order; ids are
        // reserved in template order so that they read like the template.
        for (const auto &[logical, resource] : resources->items()) {
            const std::string where = member("Resources", logical);
            if (!resource.is_object()) {
                failAt(where, "expected a resource (a mapping with Type), found " +
                                  describeJsonType(resource));
            }
            const auto type = resource.find("Type");
            if (type == resource.end()) {
                failAt(member(where, "Type"), "every resource needs a Type");
            }
            if (!type->is_string()) {
                failAt(member(where, "Type"),
                       "expected a string, found " + describeJsonType(*type));
            }
            if (const auto properties = resource.find("Properties"); properties != resource.end() &&
                                                                     !properties->is_object() &&
                                                                     !properties->is_null()) {
                failAt(member(where, "Properties"),
                       "expected a mapping of properties, found " + describeJsonType(*properties));
            }
            m_values.addResource(logical, type->get<std::string>());
            if (modelledKind(type->get<std::string>())) {
                m_logicalElements.emplace(logical, reserveId(logical));
            }
        }

        // Elements that rules, archives and mappings refer to come first; then those.
        for (int stage = 0; stage < 2; ++stage) {
            m_resourceIndex = 0;
            for (const auto &[logical, resource] : resources->items()) {
                const std::string &type = m_values.resourceType(logical);
                const bool late =
                    type == "AWS::Events::Rule" || isFoldedType(type) || !modelledKind(type);
                if (late == (stage == 1)) {
                    importResource(logical, resource, type);
                }
                if (stage == 1 && (type == "AWS::Serverless::Function" ||
                                   type == "AWS::Serverless::StateMachine")) {
                    const Json *properties = property(resource, "Properties");
                    importSamEvents(properties != nullptr ? *properties : Json::object(),
                                    member(member("Resources", logical), "Properties"), logical,
                                    m_logicalElements.at(logical),
                                    type == "AWS::Serverless::StateMachine");
                }
                ++m_resourceIndex;
            }
        }
    }

    // --- AWS CLI listings --------------------------------------------------------------------

    void importListing(const std::vector<JsonDocument> &documents, std::string_view text) {
        const Json &first = documents.front().value;
        if (!first.is_object() || !first.contains("Rules")) {
            Error error = errorAt(text, documents.front().offset,
                                  "Not an AWS CLI rule listing: expected the output of `aws "
                                  "events list-rules`, an object with \"Rules\"");
            error.field = "Rules";
            throw ImportFailure{std::move(error)};
        }
        const Json &rules = first.at("Rules");
        if (!rules.is_array()) {
            failAt("Rules", "expected an array of rules, found " + describeJsonType(rules));
        }
        const std::size_t following = documents.size() - 1;
        if (following > 0 && following != rules.size()) {
            throw ImportFailure{errorAt(
                text, documents[1].offset,
                "The listing has " + std::to_string(rules.size()) + " rules but " +
                    std::to_string(following) +
                    " list-targets-by-rule documents follow it; give one per rule, in the order "
                    "of the rules")};
        }
        for (std::size_t k = 1; k < documents.size(); ++k) {
            const Json &document = documents[k].value;
            if (!document.is_object() || !document.contains("Targets") ||
                !document.at("Targets").is_array()) {
                Error error = errorAt(text, documents[k].offset,
                                      "Document " + std::to_string(k + 1) +
                                          " is not `aws events list-targets-by-rule` output (an "
                                          "object with a \"Targets\" array)");
                error.field = "Targets";
                throw ImportFailure{std::move(error)};
            }
        }

        // The listing's own account and region (from the rules' ARNs) are the project's.
        for (const Json &rule : rules) {
            if (rule.is_object()) {
                if (const auto arn = rule.find("Arn"); arn != rule.end() && arn->is_string()) {
                    if (const std::optional<Arn> parsed = parseArn(arn->get<std::string>())) {
                        m_ownAccount = parsed->account;
                        m_ownRegion = parsed->region;
                        break;
                    }
                }
            }
        }

        // Rule ids first, so that rules keep their names as ids before targets claim any.
        std::vector<ElementId> ids;
        for (std::size_t i = 0; i < rules.size(); ++i) {
            const std::string where = indexed("Rules", i);
            const Json &rule = rules[i];
            if (!rule.is_object()) {
                failAt(where, "expected a rule object, found " + describeJsonType(rule));
            }
            const auto name = rule.find("Name");
            if (name == rule.end() || !name->is_string() || name->get<std::string>().empty()) {
                failAt(member(where, "Name"),
                       name == rule.end()
                           ? "every rule needs a Name"
                           : "expected a non-empty string, found " + describeJsonType(*name));
            }
            ids.push_back(reserveId(name->get<std::string>()));
        }
        for (std::size_t i = 0; i < rules.size(); ++i) {
            m_resourceIndex = i;
            const Json *targets = nullptr;
            std::string targetsWhere;
            if (following > 0) {
                targets = &documents[i + 1].value.at("Targets");
                targetsWhere = "document " + std::to_string(i + 2) + ".Targets";
                if (rules[i].contains("Targets")) {
                    failAt(member(indexed("Rules", i), "Targets"),
                           "the rule lists Targets and a list-targets-by-rule document follows "
                           "for it too; give them once");
                }
            }
            importListedRule(rules[i], indexed("Rules", i), ids[i], targets, targetsWhere);
        }
    }

    // --- The project --------------------------------------------------------------------------

    [[nodiscard]] Result<ImportResult> finish() {
        ImportResult result;
        result.project.setInfo("", m_description);
        std::vector<std::size_t> order(m_elements.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
            return kindRank(m_elements[a]) < kindRank(m_elements[b]);
        });
        for (const std::size_t i : order) {
            Result<bool> added = result.project.appendUnchecked(std::move(m_elements[i]));
            if (!added) {
                return Error{.message =
                                 "The imported model is inconsistent: " + added.error().message};
            }
        }
        if (Result<bool> checked = result.project.checkReferences(); !checked) {
            return Error{.message =
                             "The imported model is inconsistent: " + checked.error().message};
        }
        layoutArchitecture(result.project);
        std::stable_sort(m_notes.begin(), m_notes.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        for (auto &entry : m_notes) {
            result.skipped.push_back(std::move(entry.second));
        }
        return result;
    }

private:
    // --- Staging ------------------------------------------------------------------------------

    ElementId reserveId(std::string_view base) {
        std::string slug = kebabCase(base);
        if (slug.empty()) {
            slug = "element";
        }
        ElementId id = m_ids.uniqueId(slug);
        ExternalSystem placeholder;
        placeholder.id = id;
        (void)m_ids.appendUnchecked(std::move(placeholder));
        return id;
    }

    void stage(Element element) {
        if (const auto *bus = std::get_if<Bus>(&element)) {
            m_buses.emplace(std::tuple{bus->name, bus->account, bus->region}, bus->id);
        }
        m_staged.emplace(elementId(element), m_elements.size());
        m_elements.push_back(std::move(element));
    }

    template <typename T> T *staged(const ElementId &id) {
        const auto found = m_staged.find(id);
        return found == m_staged.end() ? nullptr : std::get_if<T>(&m_elements[found->second]);
    }

    void note(std::string line) { m_notes.emplace_back(m_resourceIndex, std::move(line)); }

    ElementId busNamed(const std::string &name, const std::string &account,
                       const std::string &region) {
        if (const auto found = m_buses.find({name, account, region}); found != m_buses.end()) {
            return found->second;
        }
        Bus bus;
        bus.id = reserveId(name == kDefaultBusName ? std::string("default-bus") : name);
        bus.name = name;
        bus.account = account;
        bus.region = region;
        const ElementId id = bus.id;
        stage(std::move(bus));
        return id;
    }

    // The project's own account and region are left empty on buses.
    std::pair<std::string, std::string> foreignPlace(const Arn &arn) const {
        const bool own = arn.account == m_ownAccount && arn.region == m_ownRegion;
        return own ? std::pair<std::string, std::string>{} : std::pair{arn.account, arn.region};
    }

    // The element an ARN names, created once per distinct ARN.
    Destination elementForArn(const std::string &arnText) {
        if (const auto found = m_arnElements.find(arnText); found != m_arnElements.end()) {
            return {found->second, {}};
        }
        const std::optional<Arn> arn = parseArn(arnText);
        if (!arn) {
            return {{}, inQuotes(arnText) + " is not an ARN"};
        }
        const std::optional<ElementKind> kind = arnKind(*arn);
        const std::string &resource = arn->resource;
        if (!kind) {
            if (arn->service == "events") {
                const std::string what = resource.substr(0, resource.find('/'));
                return {{},
                        "an EventBridge " + (what.empty() ? std::string("resource") : what) + " (" +
                            arnText + ") cannot be a target"};
            }
            if (arn->service == "lambda" || arn->service == "states" || arn->service == "sqs") {
                return {{}, inQuotes(arnText) + " is not a function, state machine or queue ARN"};
            }
            return {{}, arnText + ": " + serviceReason(arn->service)};
        }
        ElementId id;
        switch (*kind) {
        case ElementKind::Function:
        case ElementKind::StateMachine: {
            // "function:name[:qualifier]", "stateMachine:name": without a version or alias.
            std::string name = resource.substr(resource.find(':') + 1);
            id = stageConsumer(*kind, name.substr(0, name.find(':')), arnText);
            break;
        }
        case ElementKind::Queue: {
            Queue queue;
            queue.id = reserveId(resource);
            queue.name = resource;
            queue.arn = arnText;
            queue.fifo = resource.ends_with(".fifo");
            id = queue.id;
            stage(std::move(queue));
            break;
        }
        case ElementKind::Bus: {
            const auto [account, region] = foreignPlace(*arn);
            id = busNamed(resource.substr(resource.find('/') + 1), account, region);
            break;
        }
        default: { // an API destination: "api-destination/name/uuid"
            std::string name = resource.substr(resource.find('/') + 1);
            ApiDestination destination;
            destination.id = reserveId(name.substr(0, name.find('/')));
            destination.name = name.substr(0, name.find('/'));
            id = destination.id;
            stage(std::move(destination));
            break;
        }
        }
        m_arnElements.emplace(arnText, id);
        return {id, {}};
    }

    ElementId stageConsumer(ElementKind kind, const std::string &name, const std::string &arn) {
        Consumer consumer;
        consumer.id = reserveId(name);
        consumer.kind = kind;
        consumer.name = name;
        consumer.arn = arn;
        const ElementId id = consumer.id;
        stage(std::move(consumer));
        return id;
    }

    // What a resolved reference ends at, if it is one of `allowed` kinds. `role` completes "X
    // cannot be ..." ("a target", "a dead-letter queue").
    Destination elementFor(const Resolved &resolved, const std::vector<ElementKind> &allowed,
                           std::string_view role) {
        Destination destination;
        std::optional<ElementKind> kind;
        std::string what;
        switch (resolved.kind) {
        case Resolved::Kind::Unresolvable:
            return {{}, resolved.text};
        case Resolved::Kind::Resource: {
            const std::string &type = m_values.resourceType(resolved.logicalId);
            what = resolved.logicalId + " (" + type + ")";
            const auto found = m_logicalElements.find(resolved.logicalId);
            if (found == m_logicalElements.end()) {
                return {{}, "refers to " + what + ": " + resourceTypeReason(type)};
            }
            destination.id = found->second;
            kind = modelledKind(type);
            break;
        }
        case Resolved::Kind::Text: {
            // Refuse by the ARN's kind before creating an element nothing would use.
            if (const std::optional<Arn> arn = parseArn(resolved.text)) {
                if (const std::optional<ElementKind> arnKindValue = arnKind(*arn);
                    arnKindValue &&
                    std::find(allowed.begin(), allowed.end(), *arnKindValue) == allowed.end()) {
                    return {{}, resolved.text + " cannot be " + std::string(role)};
                }
            }
            destination = elementForArn(resolved.text);
            if (destination.id.empty()) {
                return destination;
            }
            what = resolved.text;
            const auto found = m_staged.find(destination.id);
            kind = elementKind(m_elements[found->second]);
            break;
        }
        }
        if (!kind || std::find(allowed.begin(), allowed.end(), *kind) == allowed.end()) {
            return {{}, what + " cannot be " + std::string(role)};
        }
        return destination;
    }

    // --- Typed properties ---------------------------------------------------------------------

    static const Json *property(const Json &object, std::string_view key) {
        if (!object.is_object()) {
            return nullptr;
        }
        const auto found = object.find(key);
        return found == object.end() || found->is_null() ? nullptr : &*found;
    }

    // A text property; absent gives nothing, a value known only at deployment is reported with
    // `consequence` and gives nothing.
    std::optional<std::string> optionalText(const Json &object, std::string_view key,
                                            const std::string &where,
                                            std::string_view consequence) {
        const Json *value = property(object, key);
        if (value == nullptr) {
            return std::nullopt;
        }
        const std::string field = member(where, key);
        const Resolved resolved = m_values.resolve(*value, field, false);
        if (resolved.kind == Resolved::Kind::Text) {
            return resolved.text;
        }
        const std::string why =
            resolved.kind == Resolved::Kind::Unresolvable
                ? resolved.text
                : "refers to " + resolved.logicalId + ", whose value is only known at deployment";
        note(field + ": " + why + "; " + std::string(consequence));
        return std::nullopt;
    }

    std::optional<int> optionalInt(const Json &object, std::string_view key,
                                   const std::string &where, std::string_view consequence) {
        const std::optional<std::string> value = optionalText(object, key, where, consequence);
        if (!value) {
            return std::nullopt;
        }
        const std::string field = member(where, key);
        const Json *raw = property(object, key);
        if (raw != nullptr && raw->is_number_float()) {
            const double number = raw->get<double>();
            if (std::isfinite(number) && number == std::floor(number) &&
                number >= std::numeric_limits<int>::min() &&
                number <= std::numeric_limits<int>::max()) {
                return static_cast<int>(number);
            }
            failAt(field, "expected a whole number, found " + *value);
        }
        const std::string &digits = *value;
        const std::size_t first = !digits.empty() && digits[0] == '-' ? 1 : 0;
        if (digits.size() == first || digits.size() - first > 10 ||
            digits.find_first_not_of("0123456789", first) != std::string::npos) {
            failAt(field, "expected a whole number, found " + inQuotes(digits));
        }
        const long long number = std::stoll(digits);
        if (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max()) {
            failAt(field, "the number " + digits + " is out of range");
        }
        return static_cast<int>(number);
    }

    std::optional<bool> optionalBool(const Json &object, std::string_view key,
                                     const std::string &where, std::string_view consequence) {
        if (const Json *raw = property(object, key); raw != nullptr && raw->is_boolean()) {
            return raw->get<bool>();
        }
        const std::optional<std::string> value = optionalText(object, key, where, consequence);
        if (!value) {
            return std::nullopt;
        }
        std::string lower = *value;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (lower == "true" || lower == "false") {
            return lower == "true";
        }
        failAt(member(where, key), "expected true or false, found " + inQuotes(*value));
    }

    // ARNs are text or intrinsics; a number or a list there is a mistake, not an ARN to report.
    static void requireArnValue(const Json &value, const std::string &field) {
        if (!value.is_string() && !isIntrinsic(value)) {
            failAt(field,
                   "expected an ARN (text, Ref or Fn::GetAtt), found " + describeJsonType(value));
        }
    }

    const Json &requireObject(const Json &value, const std::string &field) {
        if (!value.is_object()) {
            failAt(field, "expected a mapping, found " + describeJsonType(value));
        }
        return value;
    }

    // Event pattern text: a JSON object (intrinsics inside resolved) or JSON text as written.
    std::optional<std::string> patternText(const Json &value, const std::string &field,
                                           std::string &why) {
        if (value.is_string()) {
            return value.get<std::string>();
        }
        if (isIntrinsic(value)) {
            const Resolved resolved = m_values.resolve(value, field, false);
            if (resolved.kind == Resolved::Kind::Text) {
                return resolved.text;
            }
            why = resolved.kind == Resolved::Kind::Unresolvable
                      ? resolved.text
                      : "refers to " + resolved.logicalId + ", which is not a pattern";
            return std::nullopt;
        }
        if (!value.is_object()) {
            failAt(field, "expected an event pattern (a mapping or JSON text), found " +
                              describeJsonType(value));
        }
        if (!containsIntrinsic(value)) {
            return compactJson(value);
        }
        std::optional<Json> evaluated = m_values.evaluate(value, field, why);
        if (!evaluated) {
            return std::nullopt;
        }
        return compactJson(*evaluated);
    }

    // The bus an EventBusName (or an archive's SourceArn) names; the default bus when absent.
    Destination busFor(const Json *value, const std::string &field) {
        if (value == nullptr) {
            return {busNamed(std::string(kDefaultBusName), {}, {}), {}};
        }
        const Resolved resolved = m_values.resolve(*value, field, true);
        switch (resolved.kind) {
        case Resolved::Kind::Unresolvable:
            return {{}, resolved.text};
        case Resolved::Kind::Resource: {
            const std::string &type = m_values.resourceType(resolved.logicalId);
            if (type != "AWS::Events::EventBus") {
                failAt(field, "refers to " + resolved.logicalId + " (" + type +
                                  "), which is not an event bus");
            }
            return {m_logicalElements.at(resolved.logicalId), {}};
        }
        case Resolved::Kind::Text:
            break;
        }
        if (resolved.text.starts_with("arn:")) {
            const std::optional<Arn> arn = parseArn(resolved.text);
            if (!arn || arn->service != "events" || !arn->resource.starts_with("event-bus/") ||
                arn->resource.size() <= 10) {
                failAt(field, inQuotes(resolved.text) + " is not an event bus ARN");
            }
            const auto [account, region] = foreignPlace(*arn);
            return {busNamed(arn->resource.substr(10), account, region), {}};
        }
        if (resolved.text.empty()) {
            failAt(field, "the bus name is empty");
        }
        return {busNamed(resolved.text, {}, {}), {}};
    }

    // --- Targets ------------------------------------------------------------------------------

    // Retry policy, dead-letter queue and input option, which CloudFormation targets, CLI
    // targets and SAM events all spell the same way. SAM's DeadLetterConfig {Type: SQS} creates
    // a queue named `samQueue` unless QueueLogicalId says otherwise.
    void readDeliveryOptions(const Json &object, const std::string &where, Target &target,
                             const std::string &samQueue = {}) {
        if (const Json *retry = property(object, "RetryPolicy")) {
            const std::string field = member(where, "RetryPolicy");
            requireObject(*retry, field);
            constexpr std::string_view kDefaulted = "the default applies";
            if (auto attempts = optionalInt(*retry, "MaximumRetryAttempts", field, kDefaulted)) {
                target.retryPolicy.maximumRetryAttempts = *attempts;
            }
            if (auto age = optionalInt(*retry, "MaximumEventAgeInSeconds", field, kDefaulted)) {
                target.retryPolicy.maximumEventAgeSeconds = *age;
            }
        }
        if (const Json *dlq = property(object, "DeadLetterConfig")) {
            const std::string field = member(where, "DeadLetterConfig");
            requireObject(*dlq, field);
            const Json *arn = property(*dlq, "Arn");
            const Json *type = property(*dlq, "Type");
            if (arn != nullptr && type != nullptr && !samQueue.empty()) {
                failAt(field, "give either Type or Arn, not both");
            }
            if (type != nullptr && !samQueue.empty()) {
                if (!type->is_string() || type->get<std::string>() != "SQS") {
                    failAt(member(field, "Type"), "the only queue type is SQS");
                }
                const std::string logical =
                    optionalText(*dlq, "QueueLogicalId", field, "the default name is used")
                        .value_or(samQueue);
                target.deadLetterQueue = samDeadLetterQueue(logical);
            } else if (arn != nullptr) {
                requireArnValue(*arn, member(field, "Arn"));
                const Destination queue =
                    elementFor(m_values.resolve(*arn, member(field, "Arn"), true),
                               {ElementKind::Queue}, "a dead-letter queue");
                if (queue.id.empty()) {
                    note(member(field, "Arn") + ": " + queue.why +
                         "; the target has no dead-letter queue");
                } else {
                    target.deadLetterQueue = queue.id;
                }
            }
        }
        constexpr std::string_view kWholeEvent = "the target gets the whole event";
        if (const Json *input = property(object, "Input")) {
            if (input->is_structured() && !isIntrinsic(*input)) {
                target.input.input = compactJson(*input); // YAML authors may write the JSON inline
            } else if (auto value = optionalText(object, "Input", where, kWholeEvent)) {
                target.input.input = *value;
            }
        }
        if (auto path = optionalText(object, "InputPath", where, kWholeEvent)) {
            target.input.inputPath = *path;
        }
        if (const Json *transformer = property(object, "InputTransformer")) {
            const std::string field = member(where, "InputTransformer");
            requireObject(*transformer, field);
            InputTransformer out;
            bool complete = true;
            if (const Json *paths = property(*transformer, "InputPathsMap")) {
                const std::string pathsField = member(field, "InputPathsMap");
                const Json &map = requireObject(*paths, pathsField);
                for (const auto &[variable, path] : map.items()) {
                    const Resolved resolved =
                        m_values.resolve(path, member(pathsField, variable), false);
                    if (resolved.kind != Resolved::Kind::Text) {
                        complete = false;
                        note(member(pathsField, variable) + ": " +
                             (resolved.kind == Resolved::Kind::Unresolvable
                                  ? resolved.text
                                  : std::string("a resource is not a JSON path")) +
                             "; the target gets the whole event");
                        break;
                    }
                    out.inputPathsMap.emplace_back(variable, resolved.text);
                }
            }
            if (complete) {
                if (const Json *templ = property(*transformer, "InputTemplate");
                    templ != nullptr && templ->is_structured() && !isIntrinsic(*templ)) {
                    out.inputTemplate = compactJson(*templ);
                } else if (auto value =
                               optionalText(*transformer, "InputTemplate", field, kWholeEvent)) {
                    out.inputTemplate = *value;
                } else if (property(*transformer, "InputTemplate") != nullptr) {
                    complete = false;
                }
            }
            if (complete) {
                target.input.inputTransformer = std::move(out);
            }
        }
    }

    ElementId samDeadLetterQueue(const std::string &logical) {
        if (const auto found = m_logicalElements.find(logical); found != m_logicalElements.end()) {
            return found->second; // several events may share one named queue
        }
        Queue queue;
        queue.id = reserveId(logical);
        queue.name = logical;
        const ElementId id = queue.id;
        m_values.addResource(logical, "AWS::SQS::Queue");
        m_logicalElements.emplace(logical, id);
        stage(std::move(queue));
        return id;
    }

    // One target of a CloudFormation rule or a CLI listing; nothing when it cannot be modelled
    // (reported).
    std::optional<Target> readTarget(const Json &object, const std::string &where) {
        requireObject(object, where);
        static const std::unordered_set<std::string_view> kRead{
            "Id",    "Arn",       "RoleArn",         "RetryPolicy", "DeadLetterConfig",
            "Input", "InputPath", "InputTransformer"};
        Target target;
        const Json *id = property(object, "Id");
        if (id == nullptr) {
            failAt(member(where, "Id"), "every target needs an Id");
        }
        const Resolved idText = m_values.resolve(*id, member(where, "Id"), false);
        if (idText.kind != Resolved::Kind::Text || idText.text.empty()) {
            failAt(member(where, "Id"), "expected the target's Id as text");
        }
        target.id = idText.text;
        const Json *arn = property(object, "Arn");
        if (arn == nullptr) {
            failAt(member(where, "Arn"), "every target needs an Arn");
        }
        requireArnValue(*arn, member(where, "Arn"));
        const Destination destination = elementFor(
            m_values.resolve(*arn, member(where, "Arn"), true), targetKinds(), "a target");
        if (destination.id.empty()) {
            note(where + " (Id " + inQuotes(target.id) + "): " + destination.why +
                 "; the target is not imported");
            return std::nullopt;
        }
        target.destination = destination.id;
        readDeliveryOptions(object, where, target);
        for (const auto &[key, value] : object.items()) {
            if (!kRead.contains(key)) {
                note(member(where, key) + ": target " + key + " are not modelled");
            }
        }
        return target;
    }

    std::vector<Target> readTargets(const Json *targets, const std::string &where) {
        std::vector<Target> out;
        if (targets == nullptr) {
            return out;
        }
        if (isIntrinsic(*targets)) {
            note(where + ": " + whyNotText(m_values.resolve(*targets, where, false)) +
                 "; the rule is imported without targets");
            return out;
        }
        if (!targets->is_array()) {
            failAt(where, "expected a list of targets, found " + describeJsonType(*targets));
        }
        std::unordered_map<std::string, std::size_t> seen;
        for (std::size_t i = 0; i < targets->size(); ++i) {
            const std::string field = indexed(where, i);
            if (isIntrinsic((*targets)[i])) {
                note(field + ": " + whyNotText(m_values.resolve((*targets)[i], field, false)) +
                     "; the target is not imported");
                continue;
            }
            std::optional<Target> target = readTarget((*targets)[i], field);
            if (!target) {
                continue;
            }
            if (const auto [it, fresh] = seen.emplace(target->id, i); !fresh) {
                failAt(member(field, "Id"), "the target Id " + inQuotes(target->id) +
                                                " is used twice in the rule (also " +
                                                indexed(where, it->second) + ")");
            }
            out.push_back(std::move(*target));
        }
        return out;
    }

    static bool enabledFromState(const std::string &state) { return state != "DISABLED"; }

    // --- Resources ------------------------------------------------------------------------------

    void importResource(const std::string &logical, const Json &resource, const std::string &type) {
        const std::string where = member("Resources", logical);
        static const Json kNoProperties = Json::object();
        const Json *found = property(resource, "Properties");
        const Json &properties = found != nullptr ? *found : kNoProperties;
        const std::string props = member(where, "Properties");
        const std::string heading = where + " (" + type + ")";
        const auto id = [&] {
            return m_logicalElements.at(logical);
        };

        if (const Json *condition = property(resource, "Condition")) {
            note(
                where + ": the condition " +
                (condition->is_string() ? condition->get<std::string>() : compactJson(*condition)) +
                " is not evaluated; imported as if it held");
        }

        if (type == "AWS::Events::EventBus") {
            Bus bus;
            bus.id = id();
            bus.name = optionalText(properties, "Name", props, "named after the logical id")
                           .value_or(logical);
            bus.description = optionalText(properties, "Description", props, "left empty")
                                  .value_or(std::string());
            reportUnread(properties, props, {"Name", "Description", "Tags", "Policy"});
            stage(std::move(bus));
        } else if (type == "AWS::SQS::Queue") {
            Queue queue;
            queue.id = id();
            queue.name = optionalText(properties, "QueueName", props, "named after the logical id")
                             .value_or(logical);
            queue.fifo =
                optionalBool(properties, "FifoQueue", props, "imported as a standard queue")
                    .value_or(queue.name.ends_with(".fifo"));
            if (auto retention = optionalInt(properties, "MessageRetentionPeriod", props,
                                             "the SQS default of 4 days applies")) {
                queue.messageRetentionSeconds = *retention;
            }
            if (auto visibility = optionalInt(properties, "VisibilityTimeout", props,
                                              "the SQS default of 30 s applies")) {
                queue.visibilityTimeoutSeconds = *visibility;
            }
            readRedrivePolicy(properties, props, queue);
            stage(std::move(queue));
        } else if (type == "AWS::Lambda::Function" || type == "AWS::Serverless::Function" ||
                   type == "AWS::StepFunctions::StateMachine" ||
                   type == "AWS::Serverless::StateMachine") {
            Consumer consumer;
            consumer.id = id();
            const bool function = type.ends_with("::Function");
            consumer.kind = function ? ElementKind::Function : ElementKind::StateMachine;
            const std::string_view nameKey = function ? "FunctionName"
                                             : type == "AWS::Serverless::StateMachine"
                                                 ? "Name"
                                                 : "StateMachineName";
            consumer.name = optionalText(properties, nameKey, props, "named after the logical id")
                                .value_or(logical);
            consumer.description = optionalText(properties, "Description", props, "left empty")
                                       .value_or(std::string());
            if (function) {
                readFunctionSettings(properties, props, type == "AWS::Serverless::Function",
                                     consumer);
            }
            stage(std::move(consumer));
        } else if (type == "AWS::Events::Connection") {
            importConnection(properties, props, id(), logical);
        } else if (type == "AWS::Events::ApiDestination") {
            importApiDestination(properties, props, id(), logical);
        } else if (type == "AWS::Events::Rule") {
            importRule(properties, props, heading, id(), logical);
        } else if (type == "AWS::Events::Archive") {
            importArchive(properties, props, logical);
        } else if (type == "AWS::Lambda::EventSourceMapping") {
            const Json *source = property(properties, "EventSourceArn");
            const Json *function = property(properties, "FunctionName");
            if (source == nullptr || function == nullptr) {
                note(heading + ": without EventSourceArn and FunctionName it maps nothing");
            } else if (Queue *queue =
                           connectReader(*source, member(props, "EventSourceArn"), *function,
                                         member(props, "FunctionName"), heading)) {
                readReaderSettings(properties, props, *queue);
            }
        } else if (type == "AWS::Lambda::EventInvokeConfig") {
            importEventInvokeConfig(properties, props, heading);
        } else {
            note(heading + ": " + resourceTypeReason(type));
        }
    }

    void reportUnread(const Json &properties, const std::string &props,
                      std::initializer_list<std::string_view> read) {
        for (const auto &[key, value] : properties.items()) {
            if (std::find(read.begin(), read.end(), key) == read.end()) {
                note(member(props, key) + ": not modelled");
            }
        }
    }

    void importConnection(const Json &properties, const std::string &props, const ElementId &id,
                          const std::string &logical) {
        Connection connection;
        connection.id = id;
        connection.name =
            optionalText(properties, "Name", props, "named after the logical id").value_or(logical);
        connection.description =
            optionalText(properties, "Description", props, "left empty").value_or(std::string());
        if (auto type =
                optionalText(properties, "AuthorizationType", props, "API_KEY is assumed")) {
            const std::optional<AuthorizationType> parsed = authorizationTypeFromName(*type);
            if (!parsed) {
                failAt(member(props, "AuthorizationType"),
                       "expected API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS, found " +
                           inQuotes(*type));
            }
            connection.authorization = *parsed;
        }
        // Secrets are never read: the model does not store them.
        if (const Json *auth = property(properties, "AuthParameters")) {
            const std::string field = member(props, "AuthParameters");
            requireObject(*auth, field);
            constexpr std::string_view kEmpty = "left empty";
            if (const Json *apiKey = property(*auth, "ApiKeyAuthParameters")) {
                connection.apiKeyName =
                    optionalText(requireObject(*apiKey, member(field, "ApiKeyAuthParameters")),
                                 "ApiKeyName", member(field, "ApiKeyAuthParameters"), kEmpty)
                        .value_or(std::string());
            }
            if (const Json *basic = property(*auth, "BasicAuthParameters")) {
                connection.username =
                    optionalText(requireObject(*basic, member(field, "BasicAuthParameters")),
                                 "Username", member(field, "BasicAuthParameters"), kEmpty)
                        .value_or(std::string());
            }
            if (const Json *oauth = property(*auth, "OAuthParameters")) {
                const std::string oauthField = member(field, "OAuthParameters");
                requireObject(*oauth, oauthField);
                connection.oauthEndpoint =
                    optionalText(*oauth, "AuthorizationEndpoint", oauthField, kEmpty)
                        .value_or(std::string());
                connection.oauthHttpMethod =
                    optionalText(*oauth, "HttpMethod", oauthField, kEmpty).value_or(std::string());
                if (const Json *client = property(*oauth, "ClientParameters")) {
                    const std::string clientField = member(oauthField, "ClientParameters");
                    connection.oauthClientId = optionalText(requireObject(*client, clientField),
                                                            "ClientID", clientField, kEmpty)
                                                   .value_or(std::string());
                }
            }
        }
        stage(std::move(connection));
    }

    void importApiDestination(const Json &properties, const std::string &props, const ElementId &id,
                              const std::string &logical) {
        ApiDestination destination;
        destination.id = id;
        destination.name =
            optionalText(properties, "Name", props, "named after the logical id").value_or(logical);
        destination.description =
            optionalText(properties, "Description", props, "left empty").value_or(std::string());
        if (const Json *connection = property(properties, "ConnectionArn")) {
            const std::string field = member(props, "ConnectionArn");
            const Resolved resolved = m_values.resolve(*connection, field, true);
            if (resolved.kind == Resolved::Kind::Resource) {
                if (m_values.resourceType(resolved.logicalId) != "AWS::Events::Connection") {
                    failAt(field, "refers to " + resolved.logicalId + " (" +
                                      m_values.resourceType(resolved.logicalId) +
                                      "), which is not a connection");
                }
                destination.connection = m_logicalElements.at(resolved.logicalId);
            } else if (resolved.kind == Resolved::Kind::Text) {
                destination.connection = connectionForArn(resolved.text, field);
            } else {
                note(field + ": " + resolved.text + "; the API destination has no connection");
            }
        }
        destination.endpoint = optionalText(properties, "InvocationEndpoint", props, "left empty")
                                   .value_or(std::string());
        destination.httpMethod =
            optionalText(properties, "HttpMethod", props, "POST is assumed").value_or("POST");
        if (auto rate = optionalInt(properties, "InvocationRateLimitPerSecond", props,
                                    "the default of 300 applies")) {
            destination.invocationRateLimitPerSecond = *rate;
        }
        stage(std::move(destination));
    }

    // A connection outside the template, known only by its ARN.
    ElementId connectionForArn(const std::string &arnText, const std::string &field) {
        if (const auto found = m_arnElements.find(arnText); found != m_arnElements.end()) {
            return found->second;
        }
        const std::optional<Arn> arn = parseArn(arnText);
        if (!arn || arn->service != "events" || !arn->resource.starts_with("connection/") ||
            arn->resource.size() <= 11) {
            failAt(field, inQuotes(arnText) + " is not a connection ARN");
        }
        std::string name = arn->resource.substr(11);
        name = name.substr(0, name.find('/'));
        Connection connection;
        connection.id = reserveId(name);
        connection.name = name;
        note(field + ": the connection " + name +
             " is outside the template; its authorization is not known (API_KEY is assumed)");
        const ElementId id = connection.id;
        stage(std::move(connection));
        m_arnElements.emplace(arnText, id);
        return id;
    }

    void importRule(const Json &properties, const std::string &props, const std::string &heading,
                    const ElementId &id, const std::string &logical) {
        Rule rule;
        rule.id = id;
        const Json *pattern = property(properties, "EventPattern");
        if (pattern == nullptr) {
            note(heading + (property(properties, "ScheduleExpression") != nullptr
                                ? ": scheduled rules (ScheduleExpression) are not modelled"
                                : ": the rule has no EventPattern"));
            return;
        }
        std::string why;
        std::optional<std::string> patternValue =
            patternText(*pattern, member(props, "EventPattern"), why);
        if (!patternValue) {
            note(member(props, "EventPattern") + ": " + why + "; the rule is not imported");
            return;
        }
        rule.pattern = std::move(*patternValue);
        if (property(properties, "ScheduleExpression") != nullptr) {
            note(member(props, "ScheduleExpression") +
                 ": schedules are not modelled; the rule is imported with its event pattern only");
        }
        const Destination bus =
            busFor(property(properties, "EventBusName"), member(props, "EventBusName"));
        if (bus.id.empty()) {
            note(member(props, "EventBusName") + ": " + bus.why + "; the rule is not imported");
            return;
        }
        rule.bus = bus.id;
        rule.name =
            optionalText(properties, "Name", props, "named after the logical id").value_or(logical);
        rule.description =
            optionalText(properties, "Description", props, "left empty").value_or(std::string());
        if (auto state = optionalText(properties, "State", props, "imported as enabled")) {
            rule.enabled = enabledFromState(*state);
        }
        rule.targets = readTargets(property(properties, "Targets"), member(props, "Targets"));
        reportUnread(properties, props,
                     {"Name", "Description", "EventPattern", "EventBusName", "State", "Targets",
                      "RoleArn", "ScheduleExpression"});
        stage(std::move(rule));
    }

    void importArchive(const Json &properties, const std::string &props,
                       const std::string &logical) {
        const Json *source = property(properties, "SourceArn");
        if (source == nullptr) {
            failAt(member(props, "SourceArn"), "an archive needs the SourceArn of its bus");
        }
        const Destination bus = busFor(source, member(props, "SourceArn"));
        if (bus.id.empty()) {
            note(member(props, "SourceArn") + ": " + bus.why + "; the archive is not imported");
            return;
        }
        Archive archive;
        archive.name = optionalText(properties, "ArchiveName", props, "named after the logical id")
                           .value_or(logical);
        archive.description =
            optionalText(properties, "Description", props, "left empty").value_or(std::string());
        if (const Json *pattern = property(properties, "EventPattern")) {
            std::string why;
            std::optional<std::string> text =
                patternText(*pattern, member(props, "EventPattern"), why);
            if (!text) {
                note(member(props, "EventPattern") + ": " + why + "; the archive is not imported");
                return;
            }
            archive.pattern = std::move(*text);
        }
        archive.retentionDays =
            optionalInt(properties, "RetentionDays", props, "kept forever").value_or(0);
        if (Bus *owner = staged<Bus>(bus.id)) {
            owner->archives.push_back(std::move(archive));
        }
    }

    // An event source mapping or a SAM SQS event: the function polls the queue.
    // The queue now read by the function, or null when the mapping is not modelled (reported).
    Queue *connectReader(const Json &source, const std::string &sourceField, const Json &function,
                         const std::string &functionField, const std::string &heading) {
        const Destination queue = elementFor(m_values.resolve(source, sourceField, true),
                                             {ElementKind::Queue}, "read by a function here");
        if (queue.id.empty()) {
            note(sourceField + ": " + queue.why +
                 "; only SQS queues read by functions are modelled");
            return nullptr;
        }
        Destination reader;
        const Resolved resolved = m_values.resolve(function, functionField, true);
        if (resolved.kind == Resolved::Kind::Text && !resolved.text.starts_with("arn:")) {
            for (const Element &element : m_elements) { // a function named in the template
                if (const auto *consumer = std::get_if<Consumer>(&element);
                    consumer != nullptr && consumer->kind == ElementKind::Function &&
                    consumer->name == resolved.text) {
                    reader.id = consumer->id;
                }
            }
            if (reader.id.empty()) {
                reader.id = stageConsumer(ElementKind::Function, resolved.text, {});
            }
        } else {
            reader = elementFor(resolved, {ElementKind::Function, ElementKind::StateMachine},
                                "a queue's reader");
        }
        if (reader.id.empty()) {
            note(functionField + ": " + reader.why);
            return nullptr;
        }
        Queue *target = staged<Queue>(queue.id);
        if (target == nullptr) {
            return nullptr;
        }
        if (!target->readBy.empty() && target->readBy != reader.id) {
            note(heading + ": the queue " + target->name + " is already read by " +
                 target->readBy.value + "; one reader per queue is modelled");
            return nullptr;
        }
        target->readBy = reader.id;
        return target;
    }

    // --- The retry layers behind targets: Lambda's asynchronous invocation and SQS redrive ----

    void readRedrivePolicy(const Json &properties, const std::string &props, Queue &queue) {
        const Json *redrive = property(properties, "RedrivePolicy");
        if (redrive == nullptr) {
            return;
        }
        const std::string field = member(props, "RedrivePolicy");
        if (!redrive->is_object() || isIntrinsic(*redrive)) {
            note(field + ": not a mapping of deadLetterTargetArn and maxReceiveCount; the queue "
                         "has no redrive policy");
            return;
        }
        const Json *arn = property(*redrive, "deadLetterTargetArn");
        if (arn == nullptr) {
            note(field + ": without deadLetterTargetArn it moves nothing; the queue has no "
                         "redrive policy");
            return;
        }
        const std::string arnField = member(field, "deadLetterTargetArn");
        const Destination dlq = elementFor(m_values.resolve(*arn, arnField, true),
                                           {ElementKind::Queue}, "a redrive dead-letter queue");
        if (dlq.id.empty()) {
            note(arnField + ": " + dlq.why + "; the queue has no redrive policy");
            return;
        }
        queue.redrivePolicy.deadLetterQueue = dlq.id;
        if (auto count =
                optionalInt(*redrive, "maxReceiveCount", field, "SQS requires it; 10 is assumed")) {
            queue.redrivePolicy.maxReceiveCount = *count;
        } else {
            note(member(field, "maxReceiveCount") + ": missing; 10 is assumed");
        }
    }

    // Timeout, reserved concurrency, the dead-letter queue and (SAM) EventInvokeConfig.
    void readFunctionSettings(const Json &properties, const std::string &props, bool sam,
                              Consumer &function) {
        if (auto timeout =
                optionalInt(properties, "Timeout", props, "Lambda's default of 3 s applies")) {
            function.timeoutSeconds = *timeout;
        }
        if (auto reserved = optionalInt(properties, "ReservedConcurrentExecutions", props,
                                        "the function's concurrency is unlimited")) {
            function.behavior.concurrency = *reserved;
        }
        const std::string_view dlqKey = sam ? "DeadLetterQueue" : "DeadLetterConfig";
        if (const Json *dlq = property(properties, dlqKey)) {
            const std::string field = member(props, dlqKey);
            requireObject(*dlq, field);
            if (sam) {
                const std::optional<std::string> type =
                    optionalText(*dlq, "Type", field, "SQS is assumed");
                if (type && *type != "SQS") {
                    note(member(field, "Type") + ": only SQS dead-letter queues are modelled; "
                                                 "the function has none");
                    return;
                }
            }
            if (const Json *arn = property(*dlq, "TargetArn")) {
                const std::string arnField = member(field, "TargetArn");
                const Destination queue = elementFor(m_values.resolve(*arn, arnField, true),
                                                     {ElementKind::Queue}, "a dead-letter queue");
                if (queue.id.empty()) {
                    note(arnField + ": " + queue.why + "; the function has no dead-letter queue");
                } else {
                    function.asyncInvocation.deadLetterQueue = queue.id;
                }
            }
        }
        if (const Json *config = sam ? property(properties, "EventInvokeConfig") : nullptr) {
            const std::string field = member(props, "EventInvokeConfig");
            requireObject(*config, field);
            readEventInvokeConfig(*config, field, function.asyncInvocation);
        }
    }

    // What AWS::Lambda::EventInvokeConfig and SAM's EventInvokeConfig both spell.
    void readEventInvokeConfig(const Json &object, const std::string &where,
                               AsyncInvocation &async) {
        constexpr std::string_view kDefaulted = "Lambda's default applies";
        if (auto attempts = optionalInt(object, "MaximumRetryAttempts", where, kDefaulted)) {
            async.maximumRetryAttempts = *attempts;
        }
        if (auto age = optionalInt(object, "MaximumEventAgeInSeconds", where, kDefaulted)) {
            async.maximumEventAgeSeconds = *age;
        }
        const Json *config = property(object, "DestinationConfig");
        if (config == nullptr) {
            return;
        }
        const std::string field = member(where, "DestinationConfig");
        requireObject(*config, field);
        if (property(*config, "OnSuccess") != nullptr) {
            note(member(field, "OnSuccess") + ": not modelled; successes are only counted");
        }
        const Json *onFailure = property(*config, "OnFailure");
        if (onFailure == nullptr) {
            return;
        }
        const std::string failureField = member(field, "OnFailure");
        requireObject(*onFailure, failureField);
        const Json *destination = property(*onFailure, "Destination");
        if (destination == nullptr) {
            note(failureField + ": no Destination is modelled; the function has no on-failure "
                                "destination");
            return;
        }
        const std::string destinationField = member(failureField, "Destination");
        const Destination found =
            elementFor(m_values.resolve(*destination, destinationField, true),
                       {ElementKind::Queue, ElementKind::Function, ElementKind::Bus},
                       "an on-failure destination");
        if (found.id.empty()) {
            note(destinationField + ": " + found.why +
                 "; the function has no on-failure destination");
        } else {
            async.onFailure = found.id;
        }
    }

    void importEventInvokeConfig(const Json &properties, const std::string &props,
                                 const std::string &heading) {
        const Json *name = property(properties, "FunctionName");
        if (name == nullptr) {
            note(heading + ": without FunctionName it configures nothing");
            return;
        }
        const std::string nameField = member(props, "FunctionName");
        const Resolved resolved = m_values.resolve(*name, nameField, true);
        Destination function;
        if (resolved.kind == Resolved::Kind::Text && !resolved.text.starts_with("arn:")) {
            for (const Element &element : m_elements) { // a function named in the template
                if (const auto *consumer = std::get_if<Consumer>(&element);
                    consumer != nullptr && consumer->kind == ElementKind::Function &&
                    consumer->name == resolved.text) {
                    function.id = consumer->id;
                }
            }
            if (function.id.empty()) {
                function.why = "no function of the template is named " + inQuotes(resolved.text);
            }
        } else {
            function = elementFor(resolved, {ElementKind::Function}, "a configured function");
        }
        Consumer *consumer = function.id.empty() ? nullptr : staged<Consumer>(function.id);
        if (consumer == nullptr) {
            note(nameField + ": " +
                 (function.why.empty() ? std::string("not a function") : function.why) +
                 "; its asynchronous-invocation settings are not modelled");
            return;
        }
        reportUnread(properties, props,
                     {"FunctionName", "Qualifier", "MaximumRetryAttempts",
                      "MaximumEventAgeInSeconds", "DestinationConfig"});
        readEventInvokeConfig(properties, props, consumer->asyncInvocation);
    }

    void readReaderSettings(const Json &properties, const std::string &props, Queue &queue) {
        if (auto batch = optionalInt(properties, "BatchSize", props,
                                     "Lambda's default of 10 "
                                     "applies")) {
            queue.readerBatchSize = *batch;
        }
        if (const Json *scaling = property(properties, "ScalingConfig")) {
            const std::string field = member(props, "ScalingConfig");
            requireObject(*scaling, field);
            if (auto maximum =
                    optionalInt(*scaling, "MaximumConcurrency", field, "there is no maximum")) {
                queue.readerMaximumConcurrency = *maximum;
            }
        }
    }

    void importSamEvents(const Json &properties, const std::string &props,
                         const std::string &logical, const ElementId &consumer, bool stateMachine) {
        const Json *events = property(properties, "Events");
        if (events == nullptr) {
            return;
        }
        const std::string eventsField = member(props, "Events");
        requireObject(*events, eventsField);
        for (const auto &[name, event] : events->items()) {
            const std::string where = member(eventsField, name);
            requireObject(event, where);
            const Json *type = property(event, "Type");
            if (type == nullptr || !type->is_string()) {
                failAt(member(where, "Type"),
                       type == nullptr ? "every event needs a Type"
                                       : "expected a string, found " + describeJsonType(*type));
            }
            static const Json kNoProperties = Json::object();
            const Json *found = property(event, "Properties");
            const Json &eventProperties = found != nullptr ? *found : kNoProperties;
            const std::string propsField = member(where, "Properties");
            requireObject(eventProperties, propsField);
            const std::string &kind = type->get_ref<const std::string &>();
            const std::string heading = where + " (" + kind + ")";
            if (kind == "EventBridgeRule" || kind == "CloudWatchEvent") {
                importSamRule(eventProperties, propsField, heading, logical + name, consumer,
                              stateMachine);
            } else if (kind == "SQS" && !stateMachine) {
                const Json *queue = property(eventProperties, "Queue");
                if (queue == nullptr) {
                    failAt(member(propsField, "Queue"), "an SQS event needs the Queue's ARN");
                }
                connectReader(*queue, member(propsField, "Queue"), Json{{"Ref", logical}},
                              member(where, "Function"), heading);
            } else if (kind == "Schedule" || kind == "ScheduleV2") {
                note(heading + ": scheduled events are not modelled");
            } else {
                note(heading + ": " + kind + " events are not modelled");
            }
        }
    }

    void importSamRule(const Json &properties, const std::string &props, const std::string &heading,
                       const std::string &ruleLogical, const ElementId &consumer,
                       bool stateMachine) {
        const Json *pattern = property(properties, "Pattern");
        if (pattern == nullptr) {
            note(heading + ": the event has no Pattern");
            return;
        }
        std::string why;
        std::optional<std::string> patternValue =
            patternText(*pattern, member(props, "Pattern"), why);
        if (!patternValue) {
            note(member(props, "Pattern") + ": " + why + "; the rule is not imported");
            return;
        }
        const Destination bus =
            busFor(property(properties, "EventBusName"), member(props, "EventBusName"));
        if (bus.id.empty()) {
            note(member(props, "EventBusName") + ": " + bus.why + "; the rule is not imported");
            return;
        }
        Rule rule;
        rule.id = reserveId(ruleLogical);
        rule.pattern = std::move(*patternValue);
        rule.bus = bus.id;
        rule.name = optionalText(properties, "RuleName", props, "named after the event")
                        .value_or(ruleLogical);
        if (auto state = optionalText(properties, "State", props, "imported as enabled")) {
            rule.enabled = enabledFromState(*state);
        }
        if (auto enabled = optionalBool(properties, "Enabled", props, "imported as enabled")) {
            rule.enabled = *enabled;
        }
        Target target;
        target.destination = consumer;
        const std::string defaultId =
            ruleLogical + (stateMachine ? "StepFunctionsTarget" : "LambdaTarget");
        target.id = defaultId;
        if (const Json *samTarget = property(properties, "Target")) {
            requireObject(*samTarget, member(props, "Target"));
            target.id =
                optionalText(*samTarget, "Id", member(props, "Target"), "SAM's default Id is used")
                    .value_or(defaultId);
        }
        readDeliveryOptions(properties, props, target, ruleLogical + "Queue");
        rule.targets.push_back(std::move(target));
        reportUnread(properties, props,
                     {"Pattern", "EventBusName", "Input", "InputPath", "InputTransformer",
                      "RetryPolicy", "DeadLetterConfig", "Target", "RuleName", "State", "Enabled"});
        stage(std::move(rule));
    }

    // --- CLI listing rules --------------------------------------------------------------------

    void importListedRule(const Json &object, const std::string &where, const ElementId &id,
                          const Json *separateTargets, const std::string &separateWhere) {
        const std::string name = object.at("Name").get<std::string>();
        const std::string heading = where + " (" + name + ")";
        const Json *pattern = property(object, "EventPattern");
        if (pattern == nullptr) {
            note(heading + (property(object, "ScheduleExpression") != nullptr
                                ? ": scheduled rules (ScheduleExpression) are not modelled"
                                : ": the rule has no EventPattern"));
            return;
        }
        std::string why;
        std::optional<std::string> patternValue =
            patternText(*pattern, member(where, "EventPattern"), why);
        if (!patternValue) {
            note(member(where, "EventPattern") + ": " + why + "; the rule is not imported");
            return;
        }
        Rule rule;
        rule.id = id;
        rule.name = name;
        rule.pattern = std::move(*patternValue);
        const Json *busName = property(object, "EventBusName");
        std::optional<Json> fromArn;
        if (busName == nullptr) {
            // "arn:...:rule/orders-bus/name" names the bus; "rule/name" is the default bus.
            if (const Json *arn = property(object, "Arn"); arn != nullptr && arn->is_string()) {
                if (const std::optional<Arn> parsed = parseArn(arn->get<std::string>())) {
                    const std::string &resource = parsed->resource;
                    const std::size_t first = resource.find('/');
                    const std::size_t last = resource.rfind('/');
                    if (first != std::string::npos && last > first) {
                        fromArn = resource.substr(first + 1, last - first - 1);
                    }
                }
            }
            busName = fromArn ? &*fromArn : nullptr;
        }
        rule.bus = busFor(busName, member(where, "EventBusName")).id;
        rule.description =
            optionalText(object, "Description", where, "left empty").value_or(std::string());
        if (auto state = optionalText(object, "State", where, "imported as enabled")) {
            rule.enabled = enabledFromState(*state);
        }
        if (separateTargets != nullptr) {
            rule.targets = readTargets(separateTargets, separateWhere);
        } else {
            rule.targets = readTargets(property(object, "Targets"), member(where, "Targets"));
        }
        if (property(object, "ScheduleExpression") != nullptr) {
            note(member(where, "ScheduleExpression") +
                 ": schedules are not modelled; the rule is imported with its event pattern only");
        }
        stage(std::move(rule));
    }

    // Template context.
    TemplateValues m_values; // resources and parameters, and what refers to them
    std::unordered_map<std::string, ElementId> m_logicalElements; // modelled resources
    std::string m_description;
    // CLI listing context: the account and region of the listed rules.
    std::string m_ownAccount;
    std::string m_ownRegion;

    Project m_ids; // placeholders holding every id handed out, so that uniqueId() avoids them
    std::vector<Element> m_elements;
    std::unordered_map<ElementId, std::size_t> m_staged;
    std::unordered_map<std::string, ElementId> m_arnElements;
    std::map<std::tuple<std::string, std::string, std::string>, ElementId> m_buses; // name, place
    std::size_t m_resourceIndex = 0;
    std::vector<std::pair<std::size_t, std::string>> m_notes; // (resource index, line)
};

Result<ImportResult> importTemplateTree(const Json &root) {
    try {
        Importer importer;
        importer.importTemplate(root);
        return importer.finish();
    } catch (const ImportFailure &failure) {
        return failure.error;
    } catch (const std::exception &e) {
        return Error{.message = std::string("The template could not be imported: ") + e.what()};
    }
}

Result<Json> parseTemplateText(std::string_view text) {
    text = withoutByteOrderMark(text);
    if (!startsLikeJson(text)) {
        return parseYamlText(text);
    }
    Result<Json> json = parseJsonText(text);
    if (json) {
        return json;
    }
    // YAML flow style also starts with '{', but a first key in double quotes is how JSON writes
    // it: that text is JSON, and its error (a trailing comma, say) is the answer. Otherwise YAML
    // is tried, and only if that fails too is the JSON error the answer.
    const std::size_t key = text.find_first_not_of(" \t\r\n", text.find('{') + 1);
    if (key != std::string_view::npos && (text[key] == '"' || text[key] == '}')) {
        return json;
    }
    Result<Json> yaml = parseYamlText(text);
    return yaml ? yaml : json;
}

Result<ImportResult> importListingDocuments(const std::vector<JsonDocument> &documents,
                                            std::string_view text) {
    try {
        Importer importer;
        importer.importListing(documents, text);
        return importer.finish();
    } catch (const ImportFailure &failure) {
        return failure.error;
    } catch (const std::exception &e) {
        return Error{.message = std::string("The listing could not be imported: ") + e.what()};
    }
}

// A listing or a template, told apart by content: a listing is JSON whose first document has
// "Rules" (and no "Resources"). JSON is parsed once either way.
Result<ImportResult> importDetected(std::string_view text) {
    text = withoutByteOrderMark(text);
    if (startsLikeJson(text)) {
        Result<std::vector<JsonDocument>> documents = parseJsonDocuments(text);
        if (documents) {
            const Json &first = documents->front().value;
            if (first.is_object() && first.contains("Rules") && !first.contains("Resources")) {
                return importListingDocuments(*documents, text);
            }
            if (documents->size() == 1) {
                return importTemplateTree(first);
            }
        } else {
            // Broken JSON: judge by the start, a listing's first key being "Rules".
            const std::size_t key = text.find_first_not_of(" \t\r\n", text.find('{') + 1);
            if (key != std::string_view::npos && text.substr(key).starts_with("\"Rules\"")) {
                return documents.error();
            }
        }
    }
    return importCloudFormation(text);
}

Error withPath(const std::string &path, Error error) {
    error.message = path + ": " + error.message;
    return error;
}

} // namespace

Result<ImportResult> importCloudFormation(std::string_view text) {
    try {
        Result<Json> root = parseTemplateText(text);
        if (!root) {
            return root.error();
        }
        return importTemplateTree(*root);
    } catch (const std::exception &e) {
        return Error{.message = std::string("The template could not be imported: ") + e.what()};
    }
}

Result<ImportResult> importAwsCliListing(std::string_view text) {
    try {
        text = withoutByteOrderMark(text);
        Result<std::vector<JsonDocument>> documents = parseJsonDocuments(text);
        if (!documents) {
            return documents.error();
        }
        return importListingDocuments(*documents, text);
    } catch (const std::exception &e) {
        return Error{.message = std::string("The listing could not be imported: ") + e.what()};
    }
}

Result<ImportResult> importFile(const std::string &path) {
    try {
        const std::filesystem::path file(path);
        std::error_code ec;
        if (std::filesystem::is_directory(file, ec)) {
            return Error{.message = path + ": is a directory, not a template or listing"};
        }
        Result<std::string> read = readDocumentFile(path, kMaxImportFileBytes);
        if (!read) {
            return read.error();
        }
        const std::string &text = *read;
        Result<ImportResult> result = importDetected(text);
        if (!result) {
            return withPath(path, result.error());
        }
        if (result->project.name().empty()) {
            std::string stem = file.stem().string();
            if (stem.ends_with(".template")) {
                stem.resize(stem.size() - 9);
            }
            result->project.setInfo(stem, result->project.description());
        }
        return result;
    } catch (const std::exception &e) {
        return Error{.message = path + ": could not be imported: " + e.what()};
    }
}

} // namespace sg::model
