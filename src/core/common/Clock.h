// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>

#include <atomic>

// Time is a seam (KeePassXC's Clock): token expiry and rule time are tested without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
    qint64 nowSecs() const { return now().toSecsSinceEpoch(); }

    static const Clock &system();
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// A clock that stands still until told to move; safe to read from server threads.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(const QDateTime &start) : m_msecs(start.toMSecsSinceEpoch()) {}
    QDateTime now() const override { return QDateTime::fromMSecsSinceEpoch(m_msecs.load(), Qt::UTC); }
    void advanceSecs(qint64 secs) { m_msecs += secs * 1000; }
    void set(const QDateTime &t) { m_msecs = t.toMSecsSinceEpoch(); }

private:
    std::atomic<qint64> m_msecs;
};
