<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>StartupWindow</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>No visit planned today.</source>
        <translation>今天没有计划的活动。</translation>
    </message>
    <message>
        <source>{site} — {status}
Counted {n}: {counts}
Signed in: {s}</source>
        <translation>{site} — {status}
已统计 {n} 人：{counts}
已签到：{s}</translation>
    </message>
</context>
</TS>
