#include "latency.h"

#include "detmath.h"

namespace sg::sim::engine {

namespace {

// A percentile table read as a piecewise-linear inverse CDF: a uniform draw u in [0, 100) is
// interpolated between the rows around it; below the first row the first value is used, above
// the last row the last value.
double percentileTableMs(const std::vector<model::LatencyPercentile> &table, double u) {
    if (table.empty()) {
        return 0;
    }
    if (u <= table.front().percentile) {
        return table.front().ms;
    }
    for (std::size_t i = 1; i < table.size(); ++i) {
        const auto &lo = table[i - 1];
        const auto &hi = table[i];
        if (u <= hi.percentile) {
            const double span = hi.percentile - lo.percentile;
            if (!(span > 0)) {
                return hi.ms;
            }
            return lo.ms + (hi.ms - lo.ms) * ((u - lo.percentile) / span);
        }
    }
    return table.back().ms;
}

} // namespace

Latency compileLatency(const model::LatencyDistribution &d) {
    Latency out;
    out.kind = d.kind;
    switch (d.kind) {
    case model::LatencyKind::Fixed:
        out.a = d.valueMs;
        break;
    case model::LatencyKind::Uniform:
        out.a = d.minMs;
        out.b = d.maxMs;
        break;
    case model::LatencyKind::Normal:
        out.a = d.meanMs;
        out.b = d.stddevMs;
        break;
    case model::LatencyKind::LogNormal:
        out.a = d.medianMs > 0 ? detmath::log(d.medianMs) : 0;
        out.b = d.sigma;
        break;
    case model::LatencyKind::Percentiles:
        out.table = d.table;
        break;
    }
    return out;
}

SimTime drawLatency(const Latency &latency, RandomStream &stream) {
    double ms = 0;
    switch (latency.kind) {
    case model::LatencyKind::Fixed:
        ms = latency.a;
        break;
    case model::LatencyKind::Uniform:
        ms = stream.uniform(latency.a, latency.b);
        break;
    case model::LatencyKind::Normal:
        ms = stream.normal(latency.a, latency.b);
        break;
    case model::LatencyKind::LogNormal:
        ms = stream.logNormal(latency.a, latency.b);
        break;
    case model::LatencyKind::Percentiles:
        ms = percentileTableMs(latency.table, stream.uniform01() * 100.0);
        break;
    }
    if (!(ms > 0)) {
        return SimTime::zero(); // a normal distribution is clamped at zero
    }
    return SimTime::fromSecondsRounded(ms / 1000.0);
}

} // namespace sg::sim::engine
