// The one check every command with an output makes before it writes anything.

#include "cli.h"

#include "io/atomicfile.h"

namespace sg::cli {

bool outputIsNotAnInput(std::string_view command, std::string_view option,
                        const std::string &output, const std::vector<std::string> &inputs) {
    if (output.empty() || output == "-") {
        return true;
    }
    for (const std::string &input : inputs) {
        if (input != "-" && model::sameFile(input, output)) {
            const std::string same = input == output ? std::string() : " (as " + input + ")";
            fail(command, std::string(option) + " " + output + " is one of the command's inputs" +
                              same + "; refusing to overwrite it, choose another output file");
            return false;
        }
    }
    return true;
}

} // namespace sg::cli
