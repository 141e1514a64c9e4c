#include "producers.h"

#include "arch/entrysize.h"
#include "core/jsonsize.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

namespace sg::sim {

namespace {

constexpr std::size_t kHoursPerDay = 24;

// The members of a generated event's envelope, in the order EventBridge prints them.
constexpr std::array<std::string_view, 9> kEnvelopeKeys = {
    "version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"};

// The factor of hour `hour` (0..23) of a daily curve; hours the curve does not list, and
// negative factors, put nothing.
double hourlyFactor(const model::RateModel &rate, std::size_t hour) {
    if (hour >= rate.hourly.size()) {
        return 0;
    }
    return std::max(0.0, rate.hourly[hour]);
}

bool anyPositiveHour(const model::RateModel &rate) {
    for (std::size_t hour = 0; hour < kHoursPerDay; ++hour) {
        if (hourlyFactor(rate, hour) > 0) {
            return true;
        }
    }
    return false;
}

// Whether `x` is a whole number an int64 holds exactly (so a Range or Sequence over it can stay
// integer).
bool isWholeNumber(double x) {
    constexpr double kLimit = 9007199254740992.0; // 2^53: beyond it doubles skip integers
    return std::isfinite(x) && std::floor(x) == x && std::fabs(x) <= kLimit;
}

bool isDotPath(std::string_view path) {
    if (path.empty() || path.front() == '.' || path.back() == '.') {
        return false;
    }
    return path.find("..") == std::string_view::npos;
}

// The value at dot path `path` of `root`, creating (or replacing with) objects on the way so
// that a variation always lands where it says.
model::Json &slotAt(model::Json &root, std::string_view path) {
    model::Json *node = &root;
    std::size_t start = 0;
    while (true) {
        if (!node->is_object()) {
            *node = model::Json::object();
        }
        const std::size_t dot = path.find('.', start);
        const std::string key(
            path.substr(start, dot == std::string_view::npos ? path.npos : dot - start));
        node = &(*node)[key];
        if (dot == std::string_view::npos) {
            return *node;
        }
        start = dot + 1;
    }
}

// The 36 characters of a version-4 UUID (lower-case, 8-4-4-4-12) from two draws of `stream`.
void writeUuid(RandomStream &stream, char *out) {
    std::uint64_t high = stream.nextU64();
    std::uint64_t low = stream.nextU64();
    high = (high & ~std::uint64_t{0xF000}) | std::uint64_t{0x4000};         // version 4
    low = (low & ~(std::uint64_t{0x3} << 62)) | (std::uint64_t{0x2} << 62); // variant 10xx
    // Two hex digits per byte, from a table: every generated event gets an id.
    static constexpr std::array<char, 512> kHexPairs = [] {
        constexpr std::string_view kHex = "0123456789abcdef";
        std::array<char, 512> pairs{};
        for (std::size_t b = 0; b < 256; ++b) {
            pairs[2 * b] = kHex[b >> 4];
            pairs[2 * b + 1] = kHex[b & 0xF];
        }
        return pairs;
    }();
    std::size_t at = 0;
    auto put = [&](std::uint64_t word, int fromByte, int toByte) {
        for (int byte = fromByte; byte < toByte; ++byte) {
            const std::size_t value = (word >> (56 - 8 * byte)) & 0xFF;
            out[at++] = kHexPairs[2 * value];
            out[at++] = kHexPairs[2 * value + 1];
        }
    };
    put(high, 0, 4);
    out[at++] = '-';
    put(high, 4, 6);
    out[at++] = '-';
    put(high, 6, 8);
    out[at++] = '-';
    put(low, 0, 2);
    out[at++] = '-';
    put(low, 2, 8);
}

constexpr std::size_t kUuidLength = 36;
constexpr std::size_t kIsoTimeCapacity = 48;

// `t` floored to the whole second, also for (unusual) negative times.
SimTime::Rep wholeSeconds(SimTime t) {
    SimTime::Rep seconds = t.micros() / SimTime::kMicrosPerSecond;
    if (t.micros() % SimTime::kMicrosPerSecond < 0) {
        --seconds;
    }
    return seconds;
}

// Writes isoTime(t, settings) to `out` (kIsoTimeCapacity bytes) and returns its length.
std::size_t writeIsoTime(SimTime t, const GeneratorSettings &settings, char *out) {
    using namespace std::chrono;
    const SimTime::Rep seconds = wholeSeconds(t);
    const sys_seconds instant{std::chrono::seconds(settings.startUnixSeconds + seconds)};
    const sys_days day = floor<days>(instant);
    const year_month_day date(day);
    const hh_mm_ss clock(instant - day);
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999) {
        const int written = std::snprintf(
            out, kIsoTimeCapacity, "%04d-%02u-%02uT%02d:%02d:%02dZ", year,
            static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
            static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
            static_cast<int>(clock.seconds().count()));
        return std::min(static_cast<std::size_t>(std::max(written, 0)), kIsoTimeCapacity - 1);
    }
    // The usual years, written digit by digit: a generator stamps every event it makes.
    constexpr std::string_view kPattern = "0000-00-00T00:00:00Z";
    std::copy(kPattern.begin(), kPattern.end(), out);
    const auto put = [out](std::size_t at, int value, int width) {
        for (int k = width - 1; k >= 0; --k) {
            out[at + static_cast<std::size_t>(k)] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, year, 4);
    put(5, static_cast<int>(static_cast<unsigned>(date.month())), 2);
    put(8, static_cast<int>(static_cast<unsigned>(date.day())), 2);
    put(11, static_cast<int>(clock.hours().count()), 2);
    put(14, static_cast<int>(clock.minutes().count()), 2);
    put(17, static_cast<int>(clock.seconds().count()), 2);
    return kPattern.size();
}

// Sets `slot` to a string, reusing the string it already holds.
void assignText(model::Json &slot, std::string_view text) {
    if (slot.is_string()) {
        slot.get_ref<std::string &>().assign(text.data(), text.size());
    } else {
        slot = std::string(text);
    }
}

// Sets `slot` to a copy of `value`, reusing the string it already holds when both are strings.
void assignValue(model::Json &slot, const model::Json &value) {
    if (slot.is_string() && value.is_string()) {
        slot.get_ref<std::string &>() = value.get_ref<const std::string &>();
    } else {
        slot = value;
    }
}

std::vector<std::string> splitPath(std::string_view path) {
    std::vector<std::string> keys;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        keys.emplace_back(
            path.substr(start, dot == std::string_view::npos ? path.npos : dot - start));
        if (dot == std::string_view::npos) {
            return keys;
        }
        start = dot + 1;
    }
}

// Whether `path` starts with all of `prefix` (or equals it).
bool startsWith(const std::vector<std::string> &path, const std::vector<std::string> &prefix) {
    return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

Error callError(std::string_view constraint) {
    Error error;
    error.message = std::string("1 validation error detected: Value at 'entries' failed to "
                                "satisfy constraint: Member must have length ")
                        .append(constraint);
    error.field = "entries";
    return error;
}

} // namespace

// --- Arrivals
// -------------------------------------------------------------------------------------

ArrivalProcess::ArrivalProcess(const model::RateModel &rate, RandomStream stream)
    : m_rate(rate), m_stream(stream) {
    if (m_rate.kind == model::RateKind::Scripted) {
        // A script may list its puts in any order; arrivals come out in time order (ties keep
        // the script's order).
        std::stable_sort(m_rate.script.begin(), m_rate.script.end(),
                         [](const model::ScriptedPut &a, const model::ScriptedPut &b) {
                             return a.atSeconds < b.atSeconds;
                         });
    }
}

std::optional<Arrival> ArrivalProcess::next() {
    switch (m_rate.kind) {
    case model::RateKind::Constant: {
        if (!(m_rate.perSecond > 0) || !std::isfinite(m_rate.perSecond)) {
            return std::nullopt;
        }
        // Computed from the count rather than accumulated, so rounding never drifts: the k-th
        // event is at k / perSecond.
        ++m_count;
        m_last = SimTime::fromSecondsRounded(static_cast<double>(m_count) / m_rate.perSecond);
        return Arrival{m_last, 1};
    }
    case model::RateKind::Poisson: {
        if (!(m_rate.perSecond > 0) || !std::isfinite(m_rate.perSecond)) {
            return std::nullopt;
        }
        m_last += SimTime::fromSecondsRounded(m_stream.exponential(m_rate.perSecond));
        ++m_count;
        return Arrival{m_last, 1};
    }
    case model::RateKind::Burst: {
        if (m_rate.burstSize <= 0 || !(m_rate.burstEverySeconds > 0) ||
            !std::isfinite(m_rate.burstEverySeconds)) {
            return std::nullopt;
        }
        ++m_count;
        m_last =
            SimTime::fromSecondsRounded(static_cast<double>(m_count) * m_rate.burstEverySeconds);
        return Arrival{m_last, m_rate.burstSize};
    }
    case model::RateKind::Daily: {
        if (!(m_rate.perSecond > 0) || !std::isfinite(m_rate.perSecond) ||
            !anyPositiveHour(m_rate)) {
            return std::nullopt;
        }
        // A Poisson process with a piecewise-constant rate, sampled exactly: one unit-rate
        // exponential draw is the "work" to the next event, spent hour by hour at each hour's
        // rate. Hours with factor zero consume no work and so never hold an event.
        double work = m_stream.exponential(1.0);
        SimTime t = m_last;
        while (true) {
            const SimTime::Rep hourIndex = t.micros() / SimTime::kMicrosPerHour;
            const SimTime hourEnd = SimTime::hours(hourIndex + 1);
            const auto hourOfDay = static_cast<std::size_t>(hourIndex % 24);
            const double rate = m_rate.perSecond * hourlyFactor(m_rate, hourOfDay);
            const double remaining = (hourEnd - t).toSeconds();
            if (rate > 0 && work <= rate * remaining) {
                SimTime at = t + SimTime::fromSecondsRounded(work / rate);
                if (at >= hourEnd) {
                    at = hourEnd - SimTime::microseconds(1); // rounding must not leave the hour
                }
                m_last = std::max(at, m_last);
                ++m_count;
                return Arrival{m_last, 1};
            }
            if (rate > 0) {
                work -= rate * remaining;
            }
            t = hourEnd;
        }
    }
    case model::RateKind::Scripted: {
        while (m_scriptIndex < m_rate.script.size()) {
            const model::ScriptedPut &put = m_rate.script[m_scriptIndex++];
            if (put.count <= 0) {
                continue;
            }
            const SimTime at = SimTime::fromSecondsRounded(std::max(0.0, put.atSeconds));
            m_last = std::max(at, m_last);
            ++m_count;
            return Arrival{m_last, put.count};
        }
        return std::nullopt;
    }
    }
    return std::nullopt;
}

// --- Events
// ---------------------------------------------------------------------------------------

Result<EventGenerator> EventGenerator::create(const model::EventType &type,
                                              const std::vector<model::FieldVariation> &variations,
                                              const GeneratorSettings &settings) {
    for (std::size_t i = 0; i < variations.size(); ++i) {
        const model::FieldVariation &variation = variations[i];
        const std::string at = "variations[" + std::to_string(i) + "]";
        auto fail = [&](std::string_view field, std::string message) {
            Error error;
            error.field = at + "." + std::string(field);
            error.message = error.field + ": " + message;
            return error;
        };
        if (!isDotPath(variation.path)) {
            return fail("path", variation.path.empty()
                                    ? std::string("the path is empty")
                                    : "\"" + variation.path +
                                          "\" is not a dot path like \"detail.amount\"");
        }
        switch (variation.kind) {
        case model::VariationKind::Choice:
            if (!variation.values.is_array() || variation.values.empty()) {
                return fail("values", "a choice needs at least one value");
            }
            break;
        case model::VariationKind::Range:
            if (!std::isfinite(variation.min) || !std::isfinite(variation.max) ||
                variation.min > variation.max) {
                return fail("min", "a range needs finite min <= max");
            }
            break;
        case model::VariationKind::Sequence:
            if (!std::isfinite(variation.min) || !std::isfinite(variation.step) ||
                variation.step == 0) {
                return fail("step", "a sequence needs a step other than 0");
            }
            break;
        case model::VariationKind::Uuid:
        case model::VariationKind::Time:
            break;
        }
    }
    EventGenerator generator;
    generator.m_type = type;
    generator.m_variations = variations;
    generator.m_settings = settings;
    const std::size_t samples = std::max<std::size_t>(1, type.samples.size());
    for (std::size_t i = 0; i < samples; ++i) {
        generator.m_shapes.push_back(generator.shapeOf(generator.sampleAt(i)));
    }
    return generator;
}

DocumentPool &DocumentPool::operator=(const DocumentPool &other) {
    if (this != &other) {
        m_ring.clear();
    }
    return *this;
}

std::shared_ptr<model::Json> DocumentPool::take(const model::Json &shape) {
    // The oldest document is the likeliest to be free, as events end in about the order they
    // start; one still in use goes to the back, so that an event held for long (retried, kept
    // in a dead-letter queue) costs a look now and then rather than blocking the ring. A new
    // document is made only when several in a row are in use, so that the ring stays close to
    // the most events in flight at once even while a backlog holds many of its documents.
    constexpr int kLooks = 8;
    for (int look = 0; look < kLooks && !m_ring.empty(); ++look) {
        std::shared_ptr<model::Json> oldest = std::move(m_ring.front());
        m_ring.pop_front();
        const bool free = oldest.use_count() == 1;
        m_ring.push_back(std::move(oldest));
        if (free) {
            return m_ring.back();
        }
    }
    m_ring.push_back(std::make_shared<model::Json>(shape));
    return m_ring.back();
}

std::size_t EventGenerator::takeSample() {
    if (m_type.samples.empty()) {
        return 0;
    }
    const std::size_t index = m_nextSample % m_type.samples.size();
    m_nextSample = (m_nextSample + 1) % m_type.samples.size();
    return index;
}

const model::Json &EventGenerator::sampleAt(std::size_t index) const {
    static const model::Json kNoSample = model::Json::object();
    if (index < m_type.samples.size() && m_type.samples[index].is_object()) {
        return m_type.samples[index];
    }
    return kNoSample;
}

model::Json EventGenerator::envelope(const model::Json &sample, std::string id,
                                     std::string time) const {
    // The envelope in the order EventBridge prints it, then whatever else the sample carries.
    // The members are placed in a list sized for them all: growing it would copy each member.
    model::Json event(model::Json::value_t::object);
    auto &members = event.get_ref<model::Json::object_t &>();
    members.reserve(kEnvelopeKeys.size() + sample.size());
    members.emplace_back("version", "0");
    members.emplace_back("id", std::move(id));
    members.emplace_back("detail-type", m_type.detailType);
    members.emplace_back("source", m_type.source);
    members.emplace_back("account", m_settings.account);
    members.emplace_back("time", std::move(time));
    members.emplace_back("region", m_settings.region);
    const auto resources = sample.find("resources");
    members.emplace_back("resources",
                         resources != sample.end() ? *resources : model::Json::array());
    const auto detail = sample.find("detail");
    members.emplace_back("detail", detail != sample.end() ? *detail : model::Json::object());
    for (const auto &[key, value] : sample.get_ref<const model::Json::object_t &>()) {
        if (std::find(kEnvelopeKeys.begin(), kEnvelopeKeys.end(), key) == kEnvelopeKeys.end()) {
            members.emplace_back(key, value);
        }
    }
    return event;
}

void EventGenerator::fill(model::Json &slot, int source, SimTime now, RandomStream &stream) const {
    if (source == kEnvelopeId) {
        std::array<char, kUuidLength> text{};
        writeUuid(stream, text.data());
        assignText(slot, std::string_view(text.data(), text.size()));
        return;
    }
    if (source == kEnvelopeTime) {
        static_assert(std::tuple_size_v<decltype(m_timeText)> == kIsoTimeCapacity);
        if (const SimTime::Rep second = wholeSeconds(now); m_timeSecond != second) {
            m_timeLength = writeIsoTime(now, m_settings, m_timeText.data());
            m_timeSecond = second;
        }
        assignText(slot, std::string_view(m_timeText.data(), m_timeLength));
        return;
    }
    const model::FieldVariation &variation = m_variations[static_cast<std::size_t>(source)];
    switch (variation.kind) {
    case model::VariationKind::Choice: {
        const auto last = static_cast<std::int64_t>(variation.values.size()) - 1;
        assignValue(slot, variation.values[static_cast<std::size_t>(stream.uniformInt(0, last))]);
        break;
    }
    case model::VariationKind::Range:
        if (isWholeNumber(variation.min) && isWholeNumber(variation.max)) {
            slot = stream.uniformInt(static_cast<std::int64_t>(variation.min),
                                     static_cast<std::int64_t>(variation.max));
        } else {
            slot = stream.uniform(variation.min, variation.max);
        }
        break;
    case model::VariationKind::Sequence: {
        const double index = static_cast<double>(m_generated);
        if (isWholeNumber(variation.min) && isWholeNumber(variation.step)) {
            slot =
                static_cast<std::int64_t>(variation.min) +
                static_cast<std::int64_t>(m_generated) * static_cast<std::int64_t>(variation.step);
        } else {
            slot = variation.min + index * variation.step;
        }
        break;
    }
    case model::VariationKind::Uuid:
        fill(slot, kEnvelopeId, now, stream);
        break;
    case model::VariationKind::Time:
        fill(slot, kEnvelopeTime, now, stream);
        break;
    }
}

model::Json EventGenerator::build(std::size_t sample, SimTime now, RandomStream &stream) const {
    model::Json event = envelope(sampleAt(sample), randomUuid(stream), isoTime(now, m_settings));
    for (std::size_t i = 0; i < m_variations.size(); ++i) {
        fill(slotAt(event, m_variations[i].path), static_cast<int>(i), now, stream);
    }
    return event;
}

model::Json EventGenerator::generate(SimTime now, RandomStream &stream) {
    model::Json event = build(takeSample(), now, stream);
    ++m_generated;
    return event;
}

EventGenerator::Shape EventGenerator::shapeOf(const model::Json &sample) const {
    Shape shape;
    shape.document = envelope(sample, {}, {});
    // The envelope's id and time, then every variation, in the order generate() writes them.
    std::vector<std::vector<std::string>> paths{{"id"}, {"time"}};
    shape.slots.push_back(Slot{{}, kEnvelopeId});
    shape.slots.push_back(Slot{{}, kEnvelopeTime});
    for (std::size_t i = 0; i < m_variations.size(); ++i) {
        paths.push_back(splitPath(m_variations[i].path));
        shape.slots.push_back(Slot{{}, static_cast<int>(i)});
    }
    // A slot that a later one writes over, or into, never shows; one that a later slot writes
    // into changes shape from event to event, and such a sample is built afresh each time.
    for (std::size_t i = 0; i < paths.size(); ++i) {
        for (std::size_t j = i + 1; j < paths.size(); ++j) {
            if (startsWith(paths[i], paths[j])) {
                shape.slots[i].shown = false;
            } else if (startsWith(paths[j], paths[i])) {
                return shape; // not recycled
            }
        }
    }
    for (std::size_t i = 0; i < paths.size(); ++i) {
        if (i < 2) {
            shape.document[paths[i].front()] = nullptr;
        } else {
            slotAt(shape.document, m_variations[i - 2].path) = nullptr;
        }
    }
    std::size_t detailSlots = 0;
    bool sizeKnown = shape.document["detail"].is_object();
    for (std::size_t i = 0; i < paths.size(); ++i) {
        Slot &slot = shape.slots[i];
        if (!slot.shown) {
            continue;
        }
        const model::Json *node = &shape.document;
        for (const std::string &key : paths[i]) {
            const auto &members = node->get_ref<const model::Json::object_t &>();
            const auto member =
                std::find_if(members.begin(), members.end(),
                             [&key](const auto &candidate) { return candidate.first == key; });
            slot.route.push_back(static_cast<std::size_t>(member - members.begin()));
            node = &member->second;
        }
        const std::string &top = paths[i].front();
        if (top == "source" || top == "detail-type" || top == "resources" ||
            (top == "detail" && paths[i].size() == 1)) {
            sizeKnown = false; // what PutEvents measures changes: measure each event
        }
        if (top == "detail" && paths[i].size() > 1) {
            slot.inDetail = true;
            ++detailSlots;
        }
    }
    constexpr std::size_t kNullSize = 4; // a slot's placeholder, `null`
    shape.recycled = true;
    shape.sizeKnown = sizeKnown;
    if (sizeKnown) {
        shape.fixedSize = model::putEventsEntrySize(shape.document) - kNullSize * detailSlots;
    }
    return shape;
}

GeneratedEvent EventGenerator::next(SimTime now, RandomStream &stream) {
    const std::size_t sample = takeSample();
    Shape &shape = m_shapes[sample];
    if (!shape.recycled) {
        GeneratedEvent built{std::make_shared<const model::Json>(build(sample, now, stream)),
                             std::nullopt};
        ++m_generated;
        return built;
    }
    std::shared_ptr<model::Json> event = shape.pool.take(shape.document);
    std::size_t size = shape.fixedSize;
    for (const Slot &slot : shape.slots) {
        if (!slot.shown) {
            fill(m_overwritten, slot.source, now, stream); // drawn all the same
            continue;
        }
        model::Json *node = event.get();
        for (const std::size_t member : slot.route) {
            auto &members = node->get_ref<model::Json::object_t &>();
            node = &(members.begin() + static_cast<std::ptrdiff_t>(member))->second;
        }
        fill(*node, slot.source, now, stream);
        if (slot.inDetail) {
            size += compactJsonSize(*node);
        }
    }
    ++m_generated;
    return {std::move(event), shape.sizeKnown ? std::optional<std::size_t>(size) : std::nullopt};
}

model::Json completeEnvelope(model::Json event, SimTime now, RandomStream &stream,
                             const GeneratorSettings &settings) {
    if (!event.is_object()) {
        return event;
    }
    // The envelope in EventBridge's order, the event's own values winning, then its other keys.
    model::Json out = model::Json::object();
    auto take = [&](const char *key, auto &&fallback) {
        const auto it = event.find(key);
        out[key] = it != event.end() ? *it : model::Json(fallback());
    };
    take("version", [] { return "0"; });
    take("id", [&] { return randomUuid(stream); });
    for (const char *key : {"detail-type", "source"}) { // stay missing: PutEvents refuses that
        if (const auto it = event.find(key); it != event.end()) {
            out[key] = *it;
        }
    }
    take("account", [&] { return settings.account; });
    take("time", [&] { return isoTime(now, settings); });
    take("region", [&] { return settings.region; });
    take("resources", [] { return model::Json::array(); });
    take("detail", [] { return model::Json::object(); });
    for (auto it = event.begin(); it != event.end(); ++it) {
        if (!out.contains(it.key())) {
            out[it.key()] = std::move(it.value());
        }
    }
    return out;
}

std::string isoTime(SimTime t, const GeneratorSettings &settings) {
    std::array<char, kIsoTimeCapacity> text{};
    return std::string(text.data(), writeIsoTime(t, settings, text.data()));
}

std::string randomUuid(RandomStream &stream) {
    std::string out(kUuidLength, '0');
    writeUuid(stream, out.data());
    return out;
}

// --- PutEvents
// ------------------------------------------------------------------------------------

Result<std::vector<PutEntryResult>> checkPutEvents(std::span<const model::Json> entries,
                                                   const PutEventsSettings &settings) {
    if (entries.empty()) {
        return callError("greater than or equal to 1");
    }
    if (entries.size() > kMaxPutEventsEntries) {
        return callError("less than or equal to 10");
    }
    std::vector<PutEntryResult> results;
    results.reserve(entries.size());
    for (const model::Json &entry : entries) {
        results.push_back(checkPutEntry(entry, settings));
    }
    return results;
}

PutEntryResult checkPutEntry(const model::Json &entry, const PutEventsSettings &settings,
                             std::optional<std::size_t> knownSize) {
    PutEntryResult result;
    const auto detail = entry.is_object() ? entry.find("detail") : entry.end();
    if (!entry.is_object() || (detail != entry.end() && !detail->is_object())) {
        result.ok = false;
        result.errorCode = "MalformedDetail";
        result.errorMessage = "Detail is malformed.";
    } else if (const std::size_t size = knownSize ? *knownSize : model::putEventsEntrySize(entry);
               size > settings.entrySizeLimit) {
        result.ok = false;
        result.errorCode = std::string(kEntryTooLargeCode);
        result.errorMessage = "Entry size " + std::to_string(size) +
                              " bytes exceeds the limit of " +
                              std::to_string(settings.entrySizeLimit) + " bytes.";
    }
    return result;
}

std::vector<std::size_t> putEventsBatches(std::size_t count) {
    std::vector<std::size_t> batches;
    batches.reserve((count + kMaxPutEventsEntries - 1) / kMaxPutEventsEntries);
    while (count > 0) {
        const std::size_t size = std::min(count, kMaxPutEventsEntries);
        batches.push_back(size);
        count -= size;
    }
    return batches;
}

} // namespace sg::sim
