#include "pattern/referencematcher.h"

#include "pattern/valuesemantics.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace sg::model {

namespace {

// Which element of which array (arrays numbered in visiting order) a leaf sits in.
using Membership = std::vector<std::pair<std::size_t, std::size_t>>;

struct Leaf {
    const nlohmann::json *value = nullptr;
    Membership arrays;
};

using Leaves = std::map<std::string, std::vector<Leaf>, std::less<>>;

Leaves flatten(const nlohmann::json &event) {
    struct Pending {
        const nlohmann::json *node;
        std::string path;
        Membership arrays;
    };
    Leaves leaves;
    std::size_t arrayCount = 0;
    std::vector<Pending> stack{{&event, std::string(), {}}};
    while (!stack.empty()) {
        Pending item = std::move(stack.back());
        stack.pop_back();
        const nlohmann::json &node = *item.node;
        if (node.is_object()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                // Every step adds a dot except the first, even after an empty key (AWS joins all
                // the steps of an event path; pattern paths skip the dot after an empty base).
                std::string path = item.node == &event ? std::string() : item.path + '.';
                path += it.key();
                stack.push_back({&it.value(), std::move(path), item.arrays});
            }
        } else if (node.is_array()) {
            const std::size_t id = arrayCount++;
            for (std::size_t i = 0; i < node.size(); ++i) {
                Membership arrays = item.arrays;
                arrays.emplace_back(id, i);
                stack.push_back({&node[i], item.path, std::move(arrays)});
            }
        } else {
            leaves[item.path].push_back(Leaf{&node, std::move(item.arrays)});
        }
    }
    return leaves;
}

bool consistent(const Membership &chosen, const Membership &candidate) {
    for (const auto &[array, element] : candidate) {
        for (const auto &[otherArray, otherElement] : chosen) {
            if (array == otherArray && element != otherElement) {
                return false;
            }
        }
    }
    return true;
}

bool isString(const nlohmann::json &v) {
    return v.is_string();
}

bool sameNumber(const nlohmann::json &v, const Scalar &scalar) {
    return v.is_number() && v.get<double>() == scalar.number;
}

bool listed(const ValueMatcher &matcher, const nlohmann::json &v) {
    for (const Scalar &value : matcher.values) {
        const std::string &text = value.text;
        switch (matcher.op) {
        case Op::AnythingBut:
            if (value.kind == Scalar::Kind::Number
                    ? sameNumber(v, value)
                    : (isString(v) && v.get_ref<const std::string &>() == text)) {
                return true;
            }
            break;
        case Op::AnythingButPrefix:
            if (isString(v) && v.get_ref<const std::string &>().starts_with(text)) {
                return true;
            }
            break;
        case Op::AnythingButSuffix:
            if (isString(v) && v.get_ref<const std::string &>().ends_with(text)) {
                return true;
            }
            break;
        case Op::AnythingButIgnoreCase:
            if (isString(v) &&
                aws::foldCase(v.get_ref<const std::string &>()) == aws::foldCase(text)) {
                return true;
            }
            break;
        case Op::AnythingButWildcard:
            if (isString(v) && aws::wildcardMatches(text, v.get_ref<const std::string &>())) {
                return true;
            }
            break;
        default:
            break;
        }
    }
    return false;
}

bool accepts(const ValueMatcher &matcher, const nlohmann::json &v) {
    const std::string empty;
    const std::string &first = matcher.values.empty() ? empty : matcher.values.front().text;
    const std::string *s = v.is_string() ? &v.get_ref<const std::string &>() : nullptr;
    switch (matcher.op) {
    case Op::Exact: {
        if (matcher.values.empty()) {
            return false;
        }
        const Scalar &value = matcher.values.front();
        switch (value.kind) {
        case Scalar::Kind::String:
            return s && *s == value.text;
        case Scalar::Kind::Number:
            return sameNumber(v, value);
        case Scalar::Kind::True:
            return v.is_boolean() && v.get<bool>();
        case Scalar::Kind::False:
            return v.is_boolean() && !v.get<bool>();
        case Scalar::Kind::Null:
            return v.is_null();
        }
        return false;
    }
    case Op::EqualsIgnoreCase:
        return s && aws::foldCase(*s) == aws::foldCase(first);
    case Op::Prefix:
        return s && s->starts_with(first);
    case Op::PrefixIgnoreCase:
        return s && aws::foldCase(*s).starts_with(aws::foldCase(first));
    case Op::Suffix:
        return s && s->ends_with(first);
    case Op::SuffixIgnoreCase:
        return s && aws::foldCase(*s).ends_with(aws::foldCase(first));
    case Op::Wildcard:
        return s && aws::wildcardMatches(first, *s);
    case Op::AnythingBut:
    case Op::AnythingButPrefix:
    case Op::AnythingButSuffix:
    case Op::AnythingButIgnoreCase:
    case Op::AnythingButWildcard:
        return !listed(matcher, v);
    case Op::Numeric: {
        if (!v.is_number()) {
            return false;
        }
        const double x = v.get<double>();
        const NumericRange &range = matcher.numeric;
        if (x < -aws::kMaxComparableNumber || x > aws::kMaxComparableNumber) {
            return false;
        }
        if (range.hasLower && (range.lowerInclusive ? x < range.lower : x <= range.lower)) {
            return false;
        }
        if (range.hasUpper && (range.upperInclusive ? x > range.upper : x >= range.upper)) {
            return false;
        }
        return true;
    }
    case Op::Cidr: {
        if (!s) {
            return false;
        }
        const std::optional<aws::IpAddress> address = aws::parseIpAddress(*s);
        return address && aws::cidrContains(matcher.cidr, *address);
    }
    case Op::Exists:
        return matcher.exists;
    }
    return false;
}

class ConjunctionSearch {
public:
    ConjunctionSearch(const Conjunction &conjunction, const Leaves &leaves) : m_leaves(leaves) {
        for (const FieldCondition &field : conjunction.fields) {
            m_fields.push_back(&field);
        }
        std::stable_sort(m_fields.begin(), m_fields.end(),
                         [](const auto *a, const auto *b) { return a->path < b->path; });
    }

    bool run() { return satisfy(0, {}); }

private:
    bool satisfy(std::size_t index, const Membership &chosen) const {
        if (index == m_fields.size()) {
            return true;
        }
        const FieldCondition &field = *m_fields[index];
        const auto found = m_leaves.find(field.path);
        static const std::vector<Leaf> kNone;
        const std::vector<Leaf> &candidates = found == m_leaves.end() ? kNone : found->second;

        bool anyConsistent = false;
        for (const Leaf &leaf : candidates) {
            if (!consistent(chosen, leaf.arrays)) {
                continue;
            }
            anyConsistent = true;
            const bool accepted =
                std::any_of(field.anyOf.begin(), field.anyOf.end(), [&](const ValueMatcher &m) {
                    return !(m.op == Op::Exists && !m.exists) && accepts(m, *leaf.value);
                });
            if (accepted) {
                Membership next = chosen;
                for (const auto &entry : leaf.arrays) {
                    if (std::find(next.begin(), next.end(), entry) == next.end()) {
                        next.push_back(entry);
                    }
                }
                if (satisfy(index + 1, next)) {
                    return true;
                }
            }
        }
        const bool absenceAllowed =
            std::any_of(field.anyOf.begin(), field.anyOf.end(),
                        [](const ValueMatcher &m) { return m.op == Op::Exists && !m.exists; });
        return absenceAllowed && !anyConsistent && satisfy(index + 1, chosen);
    }

    const Leaves &m_leaves;
    std::vector<const FieldCondition *> m_fields;
};

} // namespace

bool referenceMatches(const EventPattern &pattern, const nlohmann::json &event) {
    if (!event.is_object()) {
        return false;
    }
    const Leaves leaves = flatten(event);
    return std::any_of(pattern.alternatives.begin(), pattern.alternatives.end(),
                       [&](const Conjunction &conjunction) {
                           return ConjunctionSearch(conjunction, leaves).run();
                       });
}

} // namespace sg::model
