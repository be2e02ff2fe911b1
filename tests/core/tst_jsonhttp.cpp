// SPDX-License-Identifier: MIT
// JsonHttp: one JSON exchange with a time limit, an ApiResult, and a context object.
#include "CannedHttpServer.h"
#include "TenantFixture.h"
#include "net/JsonHttp.h"

#include <QNetworkReply>
#include <QTest>

#include <optional>

namespace {

// Sends and waits for the callback; nullopt if it never came.
std::optional<ApiResult<QJsonValue>> exchange(QNetworkAccessManager *network, const JsonHttp::Request &request)
{
    QObject context;
    std::optional<ApiResult<QJsonValue>> result;
    JsonHttp::send(network, request, &context, [&result](const ApiResult<QJsonValue> &answer) { result = answer; });
    // A timeout is not an error here: the caller checks the result.
    static_cast<void>(QTest::qWaitFor([&result] { return result.has_value(); }, request.timeoutMs + 10000));
    return result;
}

JsonHttp::Request get(const QUrl &url, int timeoutMs = 20000)
{
    JsonHttp::Request request;
    request.url = url;
    request.timeoutMs = timeoutMs;
    return request;
}

} // namespace

class tst_JsonHttp : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void errorFromAnswer_data();
    void errorFromAnswer();

    void jsonAnswer();
    void emptyAnswer();
    void managementErrorAnswer();
    void notJsonAnswer();
    void refusedConnection();
    void timeout();
    void goneContextCancelsAndCleansUp();

private:
    std::unique_ptr<TenantFixture> m_tenant;
};

void tst_JsonHttp::initTestCase()
{
    m_tenant = std::make_unique<TenantFixture>();
    QVERIFY2(m_tenant->isRunning(), qPrintable(m_tenant->startError()));
}

void tst_JsonHttp::errorFromAnswer_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("management") << 404
                                << QByteArray(R"({"statusCode":404,"error":"Not Found","message":"The rule does not exist","errorCode":"inexistent_rule"})")
                                << "inexistent_rule" << "The rule does not exist";
    QTest::newRow("management without errorCode")
        << 404 << QByteArray(R"({"statusCode":404,"error":"Not Found","message":"That action does not exist."})")
        << "Not Found" << "That action does not exist.";
    QTest::newRow("oauth") << 403
                           << QByteArray(R"({"error":"access_denied","error_description":"Service not found: https://x"})")
                           << "access_denied" << "Service not found: https://x";
    QTest::newRow("html from a proxy") << 502 << QByteArray("<html><body>Bad gateway</body></html>") << QString()
                                       << "HTTP 502";
    QTest::newRow("empty") << 500 << QByteArray() << QString() << "HTTP 500";
    QTest::newRow("JSON without message") << 400 << QByteArray(R"({"oops":true})") << QString() << "HTTP 400";
}

void tst_JsonHttp::errorFromAnswer()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, message);
    const ApiError error = JsonHttp::errorFromAnswer(status, body);
    QCOMPARE(error.kind, ApiError::Kind::Http);
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.code, code);
    QCOMPARE(error.message, message);
    QCOMPARE(error.body, body);
}

void tst_JsonHttp::jsonAnswer()
{
    const auto result = exchange(m_tenant->network(), get(m_tenant->url(QStringLiteral("/.well-known/jwks.json"))));
    QVERIFY(result);
    QVERIFY2(result->isOk(), qPrintable(result->error().message));
    QCOMPARE(result->value().toObject().value(QLatin1String("keys")).toArray().size(), 1);
}

void tst_JsonHttp::emptyAnswer()
{
    JsonHttp::Request request = get(m_tenant->url(QStringLiteral("/api/v2/rules/rul_doesNotExist0001")));
    request.method = "DELETE";
    request.headers.append({"Authorization", bearer(m_tenant->managementToken())});
    const auto result = exchange(m_tenant->network(), request);
    QVERIFY(result);
    QVERIFY2(result->isOk(), qPrintable(result->error().message)); // 204, no body
    QVERIFY(result->value().isNull());
}

void tst_JsonHttp::managementErrorAnswer()
{
    JsonHttp::Request request = get(m_tenant->url(QStringLiteral("/api/v2/rules/rul_doesNotExist0001")));
    request.headers.append({"Authorization", bearer(m_tenant->managementToken())});
    const auto result = exchange(m_tenant->network(), request);
    QVERIFY(result);
    QCOMPARE(result->error().kind, ApiError::Kind::Http);
    QCOMPARE(result->error().httpStatus, 404);
    QCOMPARE(result->error().code, QStringLiteral("inexistent_rule"));
    QCOMPARE(result->error().message, QStringLiteral("The rule does not exist"));
}

void tst_JsonHttp::notJsonAnswer()
{
    CannedHttpServer server(CannedHttpServer::response(200, "text/html", "<html>login page</html>"));
    const auto result = exchange(m_tenant->network(), get(server.url().resolved(QUrl(QStringLiteral("/oauth/token")))));
    QVERIFY(result);
    QCOMPARE(result->error().kind, ApiError::Kind::Parse);
    QCOMPARE(result->error().httpStatus, 200);
    QCOMPARE(result->error().body, QByteArray("<html>login page</html>"));
    QVERIFY2(result->error().message.contains(QLatin1String("/oauth/token")), qPrintable(result->error().message));
}

void tst_JsonHttp::refusedConnection()
{
    QUrl closed;
    {
        CannedHttpServer server;
        closed = server.url();
    }
    const auto result = exchange(m_tenant->network(), get(closed));
    QVERIFY(result);
    QCOMPARE(result->error().kind, ApiError::Kind::Transport);
    QVERIFY2(result->error().message.contains(closed.authority()), qPrintable(result->error().message));
}

void tst_JsonHttp::timeout()
{
    CannedHttpServer silent;
    const auto result = exchange(m_tenant->network(), get(silent.url(), 300));
    QVERIFY(result);
    QCOMPARE(result->error().kind, ApiError::Kind::Timeout);
    QVERIFY2(result->error().message.contains(QLatin1String("did not answer in time")),
             qPrintable(result->error().message));
    QCOMPARE(silent.requestsSeen(), 1);
}

void tst_JsonHttp::goneContextCancelsAndCleansUp()
{
    QNetworkAccessManager network;
    CannedHttpServer silent;
    bool called = false;
    auto context = std::make_unique<QObject>();
    JsonHttp::send(&network, get(silent.url(), 60000), context.get(), [&called](const ApiResult<QJsonValue> &) { called = true; });
    QTRY_COMPARE(silent.requestsSeen(), 1);
    QCOMPARE(network.findChildren<QNetworkReply *>().size(), 1);

    context.reset(); // the dialog that asked was closed
    // Nobody is left to read the answer: the request ends now, not after its 60 s limit,
    // and the reply does not linger in the QNetworkAccessManager.
    QTRY_COMPARE_WITH_TIMEOUT(silent.disconnects(), 1, 5000);
    QTRY_COMPARE(network.findChildren<QNetworkReply *>().size(), 0);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(tst_JsonHttp)
#include "tst_jsonhttp.moc"
