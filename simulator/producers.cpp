#include "producers.h"

#include "arch/entrysize.h"

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
    return generator;
}

model::Json EventGenerator::generate(SimTime now, RandomStream &stream) {
    static const model::Json kNoSample = model::Json::object();
    const model::Json *sample = &kNoSample;
    if (!m_type.samples.empty()) {
        const model::Json &chosen = m_type.samples[m_nextSample % m_type.samples.size()];
        m_nextSample = (m_nextSample + 1) % m_type.samples.size();
        if (chosen.is_object()) {
            sample = &chosen;
        }
    }

    // The envelope in the order EventBridge prints it, then whatever else the sample carries.
    // The members are placed in a list sized for them all: growing it would copy each member.
    model::Json event(model::Json::value_t::object);
    auto &members = event.get_ref<model::Json::object_t &>();
    members.reserve(kEnvelopeKeys.size() + sample->size());
    members.emplace_back("version", "0");
    members.emplace_back("id", randomUuid(stream));
    members.emplace_back("detail-type", m_type.detailType);
    members.emplace_back("source", m_type.source);
    members.emplace_back("account", m_settings.account);
    members.emplace_back("time", isoTime(now, m_settings));
    members.emplace_back("region", m_settings.region);
    const auto resources = sample->find("resources");
    members.emplace_back("resources",
                         resources != sample->end() ? *resources : model::Json::array());
    const auto detail = sample->find("detail");
    members.emplace_back("detail", detail != sample->end() ? *detail : model::Json::object());
    for (const auto &[key, value] : sample->get_ref<const model::Json::object_t &>()) {
        if (std::find(kEnvelopeKeys.begin(), kEnvelopeKeys.end(), key) == kEnvelopeKeys.end()) {
            members.emplace_back(key, value);
        }
    }

    for (const model::FieldVariation &variation : m_variations) {
        model::Json &slot = slotAt(event, variation.path);
        switch (variation.kind) {
        case model::VariationKind::Choice: {
            const auto last = static_cast<std::int64_t>(variation.values.size()) - 1;
            slot = variation.values[static_cast<std::size_t>(stream.uniformInt(0, last))];
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
                slot = static_cast<std::int64_t>(variation.min) +
                       static_cast<std::int64_t>(m_generated) *
                           static_cast<std::int64_t>(variation.step);
            } else {
                slot = variation.min + index * variation.step;
            }
            break;
        }
        case model::VariationKind::Uuid:
            slot = randomUuid(stream);
            break;
        case model::VariationKind::Time:
            slot = isoTime(now, m_settings);
            break;
        }
    }
    ++m_generated;
    return event;
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
    using namespace std::chrono;
    // Floor to the second, also for (unusual) negative times.
    SimTime::Rep seconds = t.micros() / SimTime::kMicrosPerSecond;
    if (t.micros() % SimTime::kMicrosPerSecond < 0) {
        --seconds;
    }
    const sys_seconds instant{std::chrono::seconds(settings.startUnixSeconds + seconds)};
    const sys_days day = floor<days>(instant);
    const year_month_day date(day);
    const hh_mm_ss clock(instant - day);
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999) {
        std::array<char, 48> text{};
        std::snprintf(text.data(), text.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ", year,
                      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                      static_cast<int>(clock.hours().count()),
                      static_cast<int>(clock.minutes().count()),
                      static_cast<int>(clock.seconds().count()));
        return std::string(text.data());
    }
    // The usual years, written digit by digit: a generator stamps every event it makes.
    std::string text = "0000-00-00T00:00:00Z";
    const auto put = [&text](std::size_t at, int value, int width) {
        for (int k = width - 1; k >= 0; --k) {
            text[at + static_cast<std::size_t>(k)] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, year, 4);
    put(5, static_cast<int>(static_cast<unsigned>(date.month())), 2);
    put(8, static_cast<int>(static_cast<unsigned>(date.day())), 2);
    put(11, static_cast<int>(clock.hours().count()), 2);
    put(14, static_cast<int>(clock.minutes().count()), 2);
    put(17, static_cast<int>(clock.seconds().count()), 2);
    return text;
}

std::string randomUuid(RandomStream &stream) {
    std::uint64_t high = stream.nextU64();
    std::uint64_t low = stream.nextU64();
    high = (high & ~std::uint64_t{0xF000}) | std::uint64_t{0x4000};         // version 4
    low = (low & ~(std::uint64_t{0x3} << 62)) | (std::uint64_t{0x2} << 62); // variant 10xx
    constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    auto put = [&](std::uint64_t word, int fromNibble, int toNibble) {
        for (int nibble = fromNibble; nibble < toNibble; ++nibble) {
            out.push_back(kHex[(word >> (60 - 4 * nibble)) & 0xF]);
        }
    };
    put(high, 0, 8);
    out.push_back('-');
    put(high, 8, 12);
    out.push_back('-');
    put(high, 12, 16);
    out.push_back('-');
    put(low, 0, 4);
    out.push_back('-');
    put(low, 4, 16);
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
        PutEntryResult result;
        const auto detail = entry.is_object() ? entry.find("detail") : entry.end();
        if (!entry.is_object() || (detail != entry.end() && !detail->is_object())) {
            result.ok = false;
            result.errorCode = "MalformedDetail";
            result.errorMessage = "Detail is malformed.";
        } else if (const std::size_t size = model::putEventsEntrySize(entry);
                   size > settings.entrySizeLimit) {
            result.ok = false;
            result.errorCode = std::string(kEntryTooLargeCode);
            result.errorMessage = "Entry size " + std::to_string(size) +
                                  " bytes exceeds the limit of " +
                                  std::to_string(settings.entrySizeLimit) + " bytes.";
        }
        results.push_back(std::move(result));
    }
    return results;
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
