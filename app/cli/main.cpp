// stormglass-cli: the headless surface of Stormglass. The command table below is the contract
// other tools rely on; keep names, options and outputs stable.

#include "cli.h"
#include "core/allocator.h"

#include <array>
#include <iostream>

namespace {

using sg::cli::Command;

constexpr std::array kCommands{
    Command{"test-pattern", "test an event pattern against events, like AWS TestEventPattern",
            R"(usage: stormglass-cli test-pattern --pattern FILE --event FILE
       stormglass-cli test-pattern --batch FILE.jsonl

Tests an EventBridge event pattern against an event exactly as AWS's TestEventPattern does.
FILE may be - for standard input.

Single mode prints `true` or `false` and exits 0. An invalid pattern or event prints AWS's
message on stderr ("Event pattern is not valid. Reason: ..." or "Parameter Event is not
valid.") and exits 2.

Batch mode reads one JSON object per line with `id`, `pattern` (a JSON value, or raw text when
`pattern_is_raw_text` is true) and `event` (a JSON value) or `event_raw` (text), and writes
one line per input line, in order:
  {"id":...,"match":true|false}    or    {"id":...,"error":"<AWS message>"}
A line that is not JSON gives {"id":null,"line":N,"error":"..."}. Exit 0.
)",
            &sg::cli::runTestPattern},
    Command{"transform", "apply target input transformations (InputPath, InputTransformer)",
            R"(usage: stormglass-cli transform --batch FILE.jsonl

Reads one JSON object per line with `id`, `event`, and either `input_path` or
`input_paths_map` + `input_template` (optional `rule_name`, `rule_arn`, `ingestion_time`, and
`target_id` for messages). Writes one line per input line, in order:
  {"id":...,"output":"<exact text the target receives>"}    or    {"id":...,"error":"..."}
A line that is not JSON gives {"id":null,"line":N,"error":"..."}. Exit 0.
)",
            &sg::cli::runTransform},
    Command{"match", "match events against a set of rules",
            R"(usage: stormglass-cli match --rules RULES.json --events EVENTS.jsonl [--count]

RULES.json is a JSON array [{"name":...,"pattern":...}] (pattern: a JSON value or its text).
EVENTS.jsonl has one JSON event per line (- for standard input).
Prints, per event, the JSON array of the names of the rules it matches (in the order of
RULES.json). With --count, prints per-rule match counts instead, as TSV `name<TAB>count`.
An invalid rule pattern prints AWS's message naming the rule and exits 2.
)",
            &sg::cli::runMatch},
    Command{
        "bench-match", "benchmark the matcher on pattern suites (TSV)",
        R"(usage: stormglass-cli bench-match --suites FILE --data DIR [--passes 5] [--only REGEX]

Runs the matcher benchmark described in shared/bench/README.md: for each suite in FILE whose
name matches REGEX, compiles its patterns, reads its data file from DIR into memory, makes one
warm-up pass and PASSES timed passes over every line, and prints one TSV line:
  engine suite patterns events MB add_ms best_eps median_eps best_MBps total_matches counts
A suite whose total_matches differs from its expected_total_matches is reported on stderr and
makes the exit code 1. Build in Release for meaningful figures.
)",
        &sg::cli::runBenchMatch},
    Command{"validate", "check a model: EventBridge limits and design smells (JSON Lines)",
            R"(usage: stormglass-cli validate MODEL

MODEL is a .stormglass or .stormglass.json file. Prints one JSON line per finding:
  {"severity":"error|warning|info","code":"...","message":"...","element":"<element id>"}
Exit 0 when there is no error-level finding, 1 when there is one, 2 when the file cannot be
read (the message names the file and the position or field).
)",
            &sg::cli::runValidate},
    Command{"convert", "convert a model between .stormglass and .stormglass.json",
            R"(usage: stormglass-cli convert IN OUT

Reads IN and writes OUT, each a .stormglass (SQLite) or .stormglass.json file, chosen by
extension. OUT is written atomically: a failure leaves any existing OUT untouched. Converting
to an existing .stormglass file keeps its event archives and simulation runs. Exit 2 on bad
input or an unwritable OUT.
)",
            &sg::cli::runConvert},
    Command{"export", "export rule JSON, CloudFormation (JSON/YAML) or a Mermaid diagram",
            R"(usage: stormglass-cli export MODEL --format FORMAT [--out FILE]
                            [--account 123456789012] [--region us-east-1]

FORMAT is one of:
  rules-json            a JSON array with, per rule, {"rule", "putRule", "putTargets"}: the
                        inputs of `aws events put-rule` and `aws events put-targets`
                        with --cli-input-json
  cloudformation-json   a CloudFormation template that deploys the model's buses, rules,
  cloudformation-yaml   targets, archives, connections, API destinations and queues
  mermaid               a Mermaid flowchart of the architecture
--account and --region make the ARNs of resources outside the template (placeholders by
default). Writes to standard output, or atomically to FILE. Exit 2 when MODEL cannot be read
or cannot be expressed in FORMAT (the message names the element).
)",
            &sg::cli::runExport},
    Command{"import", "import CloudFormation/SAM templates or AWS CLI rule listings",
            R"(usage: stormglass-cli import FILE --out MODEL [--force]

FILE is a CloudFormation or SAM template (JSON or YAML, short-form tags such as !Ref and
!GetAtt included), or the JSON printed by `aws events list-rules`, either with a "Targets"
array added to each rule or followed by one `aws events list-targets-by-rule` output per rule,
in the same order:
  aws events list-rules > rules.json
  for r in $(aws events list-rules --query 'Rules[].Name' --output text); do
    aws events list-targets-by-rule --rule "$r" >> rules.json; done
Writes the model to MODEL (.stormglass or .stormglass.json; an existing MODEL is replaced only
with --force) and prints one line per thing it could not import:
  not imported: <where>: <why>
Exit 0 when the model was written, 2 on bad input.
)",
            &sg::cli::runImport},
    Command{"simulate", "run a model in simulated time: deliveries, retries, DLQs, cascades",
            R"(usage: stormglass-cli simulate MODEL [--scenario FILE] [--duration 1h] [--seed N]
                               [--runs N] [--report FILE] [--trace FILE]
                               [--trace-format stormglass|eventbridge-logs] [--archive]
                               [--max-events N]

Runs MODEL (.stormglass or .stormglass.json) forward in simulated time: its producers put
events, every bus routes them through its rules, every target is invoked with its retry policy,
dead-letter queue and input option, and consumers put their follow-up events. The same model and
seed always give the same result, byte for byte.

  --scenario FILE  a scenario (*.scenario.json): duration, seed, faults to inject, extra events
                   and assertions; MODEL may be left out when the scenario names its model
  --duration D     simulated time to run, e.g. 90s, 10m, 1h, 24h (default: the scenario's, or 1h;
                   at most 366 days)
  --seed N         the run's seed (default: the scenario's, or 1)
  --runs N         simulate N seeds (N, N+1, ...) on all cores and report the median, min, max,
                   10th and 90th percentile of every number instead of one run's values (at
                   most 10000 runs, and at most 1000 days of simulated time in all)
  --report FILE    write the JSON report to FILE instead of standard output
  --trace FILE     write every lineage step (put, match, attempt, retry, DLQ, follow-up) as JSON
                   Lines to FILE (one run only)
  --trace-format F stormglass (default): Stormglass's own lineage lines; eventbridge-logs: the
                   records EventBridge's event bus logs hold (AWS's field names and
                   message_type values: EVENT_RECEIPT, RULE_MATCH, INVOCATION_ATTEMPT_START,
                   INVOCATION_DLQ, ...), ids and timestamps derived from the seed
  --archive        fill the model's bus archives in MODEL, which must be a .stormglass file (one
                   run only): each archive takes the events its pattern matches (all, without a
                   pattern), except replayed ones, added to what earlier runs archived;
                   retention is applied at the end of the run; the report's `archives` gives per
                   archive the events received in this run, purged, and stored in the file;
                   a run that fails writes nothing to MODEL
  --max-events N   the run's event budget (default 10000000, at most 100000000): a run that
                   puts more events (follow-ups included), or holds more than 1000000
                   deliveries in flight at once, stops with exit 2

The report holds seed, simulated_seconds, events_put, deliveries, per-element counters, latency
percentiles per target, dead-letter queue summaries, the model's lint findings and, with a
scenario, each assertion's result. A progress bar is drawn on standard error when it is a
terminal. --report and --trace never overwrite MODEL or the scenario. Exit 0 when every assertion
passed, 1 when one failed, 2 on bad input (an assertion on an element the model does not have,
a run over its budget).
)",
            &sg::cli::runSimulate},
    Command{"replay", "replay a window of an archive back to its bus",
            R"(usage: stormglass-cli replay MODEL --archive NAME --from TIME --to TIME
                             [--order buckets|original] [--pace fast|original]
                             [--rate N] [--rules RULE_ID,...] [--duration D] [--seed N]
                             [--report FILE]

Puts the events of archive NAME (ARCHIVE, or BUS_ID/ARCHIVE when several buses have one of that
name) whose event time is in [--from, --to) back on its bus, each stamped with
"replay-name": "stormglass-replay", and simulates what the bus's rules and targets do with them.
MODEL must be a .stormglass file whose archives were filled by `simulate --archive`. Producers
are off: the replay is the only input. Replayed events are never archived again.

  --from, --to TIME  a duration from simulated time 0 (e.g. 0s, 10m) or an ISO 8601 UTC time
                     (e.g. 2026-01-01T00:10:00Z; simulated time 0 is 2026-01-01T00:00:00Z)
  --order buckets    as EventBridge: one-minute buckets of event time, one after another, the
                     events of a bucket together, in the order they were archived (default)
  --order original   in event time order
  --pace fast        one event after another from simulated time 0, at --rate (default)
  --pace original    each event (each bucket) at its event time's distance from --from
  --rate N           events per simulated second with --pace fast (default 10000; EventBridge
                     does not document a replay's speed); 0 puts everything at time 0
  --rules IDS        replay only to these rules of the archive's bus (comma-separated rule ids;
                     StartReplay's FilterArns); default: every rule of the bus
  --duration D       simulated time to run (default: until the replay and its deliveries end)
  --seed N           the run's seed (default 1)
  --report FILE      write the JSON report to FILE instead of standard output

The report is simulate's, plus `replay`: name, archive, from_seconds, to_seconds, order, pace,
rate, rules (empty: every rule), state (COMPLETED, or RUNNING when --duration ended it first), replayed and total. Exit 0 when the
replay ran, 2 on bad input (not a .stormglass file, an unknown archive, --from not before --to,
a --rules id that is not a rule of the archive's bus, an archive the file cannot read).
)",
            &sg::cli::runReplay},
    Command{
        "synth", "write a synthetic model of N elements and M stickies (for benchmarks)",
        R"(usage: stormglass-cli synth --elements N [--stickies M] [--seed S] --out MODEL [--force]

Writes a generated model to MODEL (.stormglass or .stormglass.json, chosen by extension),
atomically. An existing MODEL is replaced only with --force, and then by a new file: an existing
.stormglass file's archives and runs are not kept. The model has exactly N architecture elements
(1 to 100000: event types, producers, buses, rules, functions, state machines, queues,
connections, API destinations, external systems) in subsystems of about 30, each in a bounded
context of its own: producers put event types with sample events on the subsystem's bus, rules
with varied patterns (exact, prefix, numeric, anything-but, exists, wildcard, $or, ...) that
match those samples send them to 1 to 5 targets, some with a dead-letter queue and their own
retry policy, and a few subsystems forward to the next one's bus. M stickies (0 to 100000,
default 0) form an event-storming timeline in the bounded contexts (about 40 per context; more
contexts are made when N is small), some linked to the element they became. Everything is laid
out on the canvas without overlaps. `validate` reports no error on it. The same N, M and seed
(default 1) always give the same file, byte for byte.

Prints a one-line summary on stderr. Exit 0 when the model was written, 2 on bad input.
)",
        &sg::cli::runSynth},
};

void printHelp() {
    std::cout << "stormglass-cli " << SG_VERSION << " - Stormglass, headless\n\n"
              << "usage: stormglass-cli COMMAND [options]\n"
              << "       stormglass-cli help COMMAND\n"
              << "       stormglass-cli --version\n\n"
              << "commands:\n";
    for (const Command &c : kCommands) {
        std::cout << "  " << c.name;
        for (std::size_t i = c.name.size(); i < 16; ++i) {
            std::cout << ' ';
        }
        std::cout << c.summary << "\n";
    }
    std::cout << "\nExit codes: 0 success, 1 a check failed, 2 bad input.\n";
}

const Command *findCommand(std::string_view name) {
    for (const Command &c : kCommands) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace

int main(int argc, char **argv) {
    sg::tuneAllocator();
    std::ios::sync_with_stdio(false);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        printHelp();
        return args.empty() ? sg::cli::kExitBadInput : sg::cli::kExitOk;
    }
    if (args[0] == "--version") {
        std::cout << "stormglass " << SG_VERSION << "\n";
        return sg::cli::kExitOk;
    }
    if (args[0] == "help") {
        if (args.size() < 2) {
            printHelp();
            return sg::cli::kExitOk;
        }
        if (const Command *c = findCommand(args[1])) {
            std::cout << c->usage;
            return sg::cli::kExitOk;
        }
        std::cerr << "stormglass-cli: unknown command '" << args[1] << "'\n";
        return sg::cli::kExitBadInput;
    }
    const Command *command = findCommand(args[0]);
    if (command == nullptr) {
        std::cerr << "stormglass-cli: unknown command '" << args[0]
                  << "' (see stormglass-cli --help)\n";
        return sg::cli::kExitBadInput;
    }
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const std::string &a : rest) {
        if (a == "--help" || a == "-h") {
            std::cout << command->usage;
            return sg::cli::kExitOk;
        }
    }
    return command->run(rest);
}
