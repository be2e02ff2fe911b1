// SPDX-License-Identifier: MIT
#include "commands/ApplyCommand.h"
#include "commands/BenchCommand.h"
#include "commands/BenchTokenCommand.h"
#include "commands/ConvertCommand.h"
#include "commands/ServeCommand.h"
#include "commands/SimulateCommand.h"
#include "commands/TenantsCommand.h"
#include "commands/TestCommand.h"
#include "common/Version.h"

#include <QCoreApplication>

#include <cstdio>
#include <memory>
#include <vector>

namespace {

std::vector<std::unique_ptr<Command>> commands()
{
    std::vector<std::unique_ptr<Command>> list;
    list.push_back(std::make_unique<ServeCommand>());
    list.push_back(std::make_unique<ApplyCommand>());
    list.push_back(std::make_unique<TenantsCommand>());
    list.push_back(std::make_unique<BenchTokenCommand>());
    list.push_back(std::make_unique<ConvertCommand>());
    list.push_back(std::make_unique<SimulateCommand>());
    list.push_back(std::make_unique<TestCommand>());
    list.push_back(std::make_unique<BenchCommand>());
    return list;
}

void printUsage(const std::vector<std::unique_ptr<Command>> &list)
{
    std::printf("Usage: rulebench-cli COMMAND [OPTIONS]\n\n%s\n\nCommands:\n", RULEBENCH_DESCRIPTION);
    for (const auto &command : list)
        std::printf("  %-12s %s\n", qPrintable(command->name()), qPrintable(command->summary()));
    std::printf("\nrulebench-cli COMMAND --help shows a command's options.\n");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("rulebench"));
    QCoreApplication::setApplicationName(QStringLiteral("rulebench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RULEBENCH_VERSION));

    const QStringList arguments = QCoreApplication::arguments().mid(1);
    const auto list = commands();
    if (arguments.isEmpty() || arguments.first() == QLatin1String("--help") || arguments.first() == QLatin1String("-h")) {
        printUsage(list);
        return arguments.isEmpty() ? Command::BadInput : Command::Ok;
    }
    if (arguments.first() == QLatin1String("--version")) {
        std::printf("rulebench-cli %s\n", RULEBENCH_VERSION);
        return Command::Ok;
    }
    for (const auto &command : list) {
        if (command->name() == arguments.first())
            return command->run(arguments);
    }
    std::fprintf(stderr, "rulebench-cli: unknown command \"%s\" (rulebench-cli --help lists them)\n",
                 qPrintable(arguments.first()));
    return Command::BadInput;
}
