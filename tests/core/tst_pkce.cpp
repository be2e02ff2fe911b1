// SPDX-License-Identifier: MIT
// Pkce against RFC 7636's own example (Appendix B) and its verifier rules (§4.1).
#include "crypto/Pkce.h"

#include <QTest>

namespace {
// RFC 7636 Appendix B.
const QByteArray RfcVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const QByteArray RfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
} // namespace

class tst_Pkce : public QObject
{
    Q_OBJECT

private slots:
    void rfcExample() { QCOMPARE(Pkce::challengeS256(RfcVerifier), RfcChallenge); }

    void madeVerifiersAreWellFormedAndFresh()
    {
        const QByteArray a = Pkce::makeVerifier();
        const QByteArray b = Pkce::makeVerifier();
        QCOMPARE(a.size(), 43);
        QVERIFY(Pkce::isWellFormedVerifier(a));
        QVERIFY(a != b);
    }

    void verify_data()
    {
        QTest::addColumn<QByteArray>("verifier");
        QTest::addColumn<QByteArray>("challenge");
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("S256") << RfcVerifier << RfcChallenge << "S256" << true;
        QTest::newRow("S256, another verifier") << QByteArray(RfcVerifier).replace('d', 'e') << RfcChallenge << "S256" << false;
        QTest::newRow("plain") << RfcVerifier << RfcVerifier << "plain" << true;
        QTest::newRow("plain, the challenge sent as verifier") << RfcChallenge << RfcVerifier << "plain" << false;
        QTest::newRow("unknown method") << RfcVerifier << RfcChallenge << "S512" << false;
        QTest::newRow("too short") << RfcVerifier.left(42) << Pkce::challengeS256(RfcVerifier.left(42)) << "S256" << false;
        QTest::newRow("too long") << QByteArray(129, 'a') << Pkce::challengeS256(QByteArray(129, 'a')) << "S256" << false;
        QTest::newRow("reserved character") << QByteArray(RfcVerifier).replace('-', '+')
                                            << Pkce::challengeS256(QByteArray(RfcVerifier).replace('-', '+')) << "S256" << false;
        QTest::newRow("longest") << QByteArray(128, '~') << Pkce::challengeS256(QByteArray(128, '~')) << "S256" << true;
    }

    void verify()
    {
        QFETCH(QByteArray, verifier);
        QFETCH(QByteArray, challenge);
        QFETCH(QString, method);
        QFETCH(bool, accepted);
        QCOMPARE(Pkce::verify(verifier, challenge, method), accepted);
    }
};

QTEST_GUILESS_MAIN(tst_Pkce)
#include "tst_pkce.moc"
