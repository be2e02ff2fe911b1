// SPDX-License-Identifier: MIT
#include "CasesPanel.h"

#include "CaseRunner.h"
#include "common/MessageBox.h"
#include "rules/RuleTestCase.h"
#include "ui_CasesPanel.h"

#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QSettings>

namespace {
constexpr int ProfileIdRole = Qt::UserRole + 1;
}

CasesPanel::CasesPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::CasesPanel>())
{
    m_ui->setupUi(this);
    m_ui->casesTableWidget->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_ui->casesTableWidget->setColumnWidth(0, 260);
    m_ui->casesTableWidget->setColumnWidth(1, 70);
    m_ui->casesTableWidget->setColumnWidth(2, 70);
    m_ui->casesTableWidget->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_ui->casesSplitter->setStretchFactor(0, 3);
    m_ui->casesSplitter->setStretchFactor(1, 1);
    connect(m_ui->openFolderButton, &QPushButton::clicked, this, [this] {
        const QString folder
            = QFileDialog::getExistingDirectory(this, tr("Open a folder of cases"), m_folder);
        if (!folder.isEmpty())
            openFolder(folder);
    });
    connect(m_ui->saveCaseButton, &QPushButton::clicked, this, &CasesPanel::saveCaseRequested);
    connect(m_ui->runAllButton, &QPushButton::clicked, this, [this] {
        if (m_paths.isEmpty()) {
            m_ui->casesSummaryLabel->setText(tr("Open a folder that holds case files first."));
            return;
        }
        emit runCasesRequested(m_paths);
    });
    connect(m_ui->runMatrixButton, &QPushButton::clicked, this, [this] {
        if (checkedProfiles().isEmpty()) {
            m_ui->casesSummaryLabel->setText(tr("Check at least one profile for the matrix."));
            return;
        }
        emit runMatrixRequested(checkedProfiles());
    });
    connect(m_ui->exportJUnitButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export JUnit XML"), QDir(m_folder).filePath(QStringLiteral("rulebench-cases.xml")),
            tr("JUnit XML (*.xml)"));
        QString error;
        if (!path.isEmpty() && !exportJUnit(path, &error))
            MessageBox::warning(this, tr("Cannot export"), error);
    });
}

CasesPanel::~CasesPanel() = default;

void CasesPanel::setRunner(CaseRunner *runner)
{
    m_runner = runner;
    connect(runner, &CaseRunner::progress, this, [this](int done, int total) {
        m_ui->casesProgressBar->setMaximum(qMax(1, total));
        m_ui->casesProgressBar->setValue(done);
        if (done == 0) {
            m_ui->casesTableWidget->setRowCount(0);
            m_ui->runAllButton->setEnabled(false);
            m_ui->runMatrixButton->setEnabled(false);
            m_ui->cancelCasesButton->setEnabled(true);
            m_ui->exportJUnitButton->setEnabled(false);
            m_ui->casesSummaryLabel->setText(tr("Running %n login(s)…", nullptr, total));
            m_ui->casesSummaryLabel->setStyleSheet(QString());
        }
    });
    connect(runner, &CaseRunner::caseFinished, this, &CasesPanel::caseFinished);
    connect(runner, &CaseRunner::finished, this, &CasesPanel::runEnded);
    connect(m_ui->cancelCasesButton, &QPushButton::clicked, runner, &CaseRunner::cancel);
}

void CasesPanel::setProfiles(const QList<LoginProfile> &profiles)
{
    m_ui->matrixProfilesListWidget->clear();
    for (const LoginProfile &profile : profiles) {
        auto *item = new QListWidgetItem(profile.name, m_ui->matrixProfilesListWidget);
        item->setData(ProfileIdRole, profile.id);
        item->setToolTip(profile.description);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
}

QStringList CasesPanel::checkedProfiles() const
{
    QStringList ids;
    for (int row = 0; row < m_ui->matrixProfilesListWidget->count(); ++row) {
        const QListWidgetItem *item = m_ui->matrixProfilesListWidget->item(row);
        if (item->checkState() == Qt::Checked)
            ids << item->data(ProfileIdRole).toString();
    }
    return ids;
}

void CasesPanel::openFolder(const QString &folder)
{
    m_folder = folder;
    m_ui->folderLineEdit->setText(QDir::toNativeSeparators(folder));
    m_paths.clear();
    m_ui->casesTableWidget->setRowCount(0);
    const QDir dir(folder);
    for (const QString &name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        const QString path = dir.filePath(name);
        // Only case files: plans, users and other JSON beside them are not cases.
        QString error;
        const auto testCase = RuleTestCase::load(path, &error);
        if (!testCase && !error.contains(QLatin1String("unknown key"))
            && !error.contains(QLatin1String("\"rules\"")))
            continue;
        if (!testCase)
            continue;
        m_paths << path;
        const int row = m_ui->casesTableWidget->rowCount();
        m_ui->casesTableWidget->insertRow(row);
        m_ui->casesTableWidget->setItem(row, 0, new QTableWidgetItem(testCase->name));
        m_ui->casesTableWidget->setItem(row, 1, new QTableWidgetItem(tr("—")));
        m_ui->casesTableWidget->item(row, 0)->setToolTip(path);
    }
    m_ui->casesSummaryLabel->setText(m_paths.isEmpty()
                                         ? tr("No case files in %1.").arg(QDir::toNativeSeparators(folder))
                                         : tr("%n case(s) in the folder.", nullptr, int(m_paths.size())));
}

void CasesPanel::caseFinished(int index, const JUnitReport::Case &result, const QString &outcome)
{
    while (m_ui->casesTableWidget->rowCount() <= index)
        m_ui->casesTableWidget->insertRow(m_ui->casesTableWidget->rowCount());
    auto *name = new QTableWidgetItem(result.name);
    name->setToolTip(result.path);
    auto *verdict = new QTableWidgetItem(result.passed ? tr("PASS") : tr("FAIL"));
    verdict->setForeground(result.passed ? QColor(0x1b, 0x5e, 0x20) : QColor(0xb7, 0x1c, 0x1c));
    QFont bold = verdict->font();
    bold.setBold(true);
    verdict->setFont(bold);
    const QString details = result.passed ? outcome : result.failures.join(QStringLiteral("; "));
    auto *detailItem = new QTableWidgetItem(details);
    detailItem->setToolTip(result.failures.isEmpty() ? result.detail
                                                     : result.failures.join(QLatin1Char('\n')));
    m_ui->casesTableWidget->setItem(index, 0, name);
    m_ui->casesTableWidget->setItem(index, 1, verdict);
    m_ui->casesTableWidget->setItem(
        index, 2, new QTableWidgetItem(QStringLiteral("%1 ms").arg(result.seconds * 1000, 0, 'f', 0)));
    m_ui->casesTableWidget->setItem(index, 3, detailItem);
}

void CasesPanel::runEnded(bool cancelled)
{
    m_ui->runAllButton->setEnabled(true);
    m_ui->runMatrixButton->setEnabled(true);
    m_ui->cancelCasesButton->setEnabled(false);
    int passed = 0;
    for (const JUnitReport::Case &c : m_runner->results())
        passed += c.passed ? 1 : 0;
    const int failed = int(m_runner->results().size()) - passed;
    m_ui->exportJUnitButton->setEnabled(!m_runner->results().isEmpty());
    m_ui->casesSummaryLabel->setText(
        (cancelled ? tr("Cancelled. ") : QString())
        + tr("%1 passed, %2 failed (%3 s)").arg(passed).arg(failed).arg(m_runner->seconds(), 0, 'f', 2));
    m_ui->casesSummaryLabel->setStyleSheet(failed == 0
                                               ? QStringLiteral("color: #1b5e20; font-weight: bold;")
                                               : QStringLiteral("color: #b71c1c; font-weight: bold;"));
}

bool CasesPanel::exportJUnit(const QString &path, QString *error) const
{
    return JUnitReport::write(path, m_runner->results(), m_runner->seconds(), error);
}
