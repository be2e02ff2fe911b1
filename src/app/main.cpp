// SPDX-License-Identifier: MIT
#include "LocalTenantService.h"
#include "MainWindow.h"
#include "common/MessageBox.h"
#include "common/Version.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/MemorySecretStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

#include <sys/resource.h>

namespace {

// Secrets must not end up in a core file (KeePassXC's Bootstrap does the same).
void disableCoreDumps()
{
    const rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);
}

} // namespace

int main(int argc, char *argv[])
{
    disableCoreDumps();
    // --help and --version print and quit: they must work without a display.
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if ((argument == "--help" || argument == "-h" || argument == "--version" || argument == "-v")
            && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("rulebench"));
    QApplication::setApplicationName(QStringLiteral("rulebench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Rulebench"));
    QApplication::setApplicationVersion(QStringLiteral(RULEBENCH_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/rulebench.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(RULEBENCH_DESCRIPTION));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption quitOption(QStringLiteral("quit-when-ready"),
                                        QStringLiteral("Quit once the local tenant is up (for smoke tests)."));
    parser.addOption(quitOption);
    parser.process(app);

    // First launch needs nothing configured: the local tenant starts and is selected.
    const QString dataFolder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dataFolder);
    LocalTenantService localTenant;
    KeychainSecretStore keychain;
    MemorySecretStore sessionSecrets;
    SecretStore *secrets = &keychain;
    MainWindow window(&localTenant, secrets, ProfileStore(ProfileStore::defaultPath()));
    window.show();
    if (parser.isSet(quitOption)) {
        QObject::connect(&localTenant, &LocalTenantService::started, &app, &QApplication::quit, Qt::QueuedConnection);
        QObject::connect(&localTenant, &LocalTenantService::failed, &app, [] { QApplication::exit(1); });
    }
    localTenant.start(dataFolder + QStringLiteral("/local-tenant.sqlite"), secrets);
    return QApplication::exec();
}
