# Writes stormglass-cli.1 from its template and the program's own help, so the manual cannot
# drift from the command table in app/cli/main.cpp. Run in script mode:
#   cmake -DCLI=stormglass-cli -DTEMPLATE=stormglass-cli.1.in -DOUT=stormglass-cli.1 -P makeman.cmake

# Help text as roff: kept as printed (no filling), with roff's special characters escaped.
function(sg_roff_literal text out)
    string(REPLACE "\\" "\\e" text "${text}")
    string(REPLACE "-" "\\-" text "${text}")
    # A line that starts with . or ' would be read as a request.
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${CLI} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${CLI} --help failed (${rc})")
endif()

# The command list is the indented block after "commands:", one "  name  summary" a line.
string(REGEX MATCH "commands:\n(( +[a-z-]+ +[^\n]*\n)+)" block "${help}")
string(REGEX MATCHALL " +[a-z-]+ +[^\n]*\n" lines "${CMAKE_MATCH_1}")
set(sections "")
foreach(line IN LISTS lines)
    string(REGEX MATCH "^ +([a-z-]+) +([^\n]*)" _ "${line}")
    set(name "${CMAKE_MATCH_1}")
    set(summary "${CMAKE_MATCH_2}")
    execute_process(COMMAND ${CLI} help ${name} OUTPUT_VARIABLE usage RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${CLI} help ${name} failed (${rc})")
    endif()
    sg_roff_literal("${summary}" summary)
    sg_roff_literal("${usage}" usage)
    string(APPEND sections ".SS ${name}\n${summary}.\n.PP\n.nf\n.RS 4\n${usage}.RE\n.fi\n")
endforeach()
if(sections STREQUAL "")
    message(FATAL_ERROR "no commands found in ${CLI} --help")
endif()

file(READ ${TEMPLATE} page)
string(REPLACE "@SG_CLI_COMMANDS@\n" "${sections}" page "${page}")
string(REPLACE "@PROJECT_VERSION@" "${VERSION}" page "${page}")
file(WRITE ${OUT} "${page}")
