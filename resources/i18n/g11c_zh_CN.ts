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
<context>
    <name>SettingsPage</name>
    <message>
        <source>Badge scanner</source>
        <translation>胸卡扫码枪</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Keys closer together than this are a scanner; a person types slower. 20 ms suits most scanners.</source>
        <translation>按键间隔短于此值视为扫码枪，人打字更慢。大多数扫码枪用 20 毫秒即可。</translation>
    </message>
    <message>
        <source>Prefix the scanner adds</source>
        <translation>扫码枪添加的前缀</translation>
    </message>
    <message>
        <source>Suffix the scanner adds</source>
        <translation>扫码枪添加的后缀</translation>
    </message>
    <message>
        <source>Longest gap between keys</source>
        <translation>按键最长间隔</translation>
    </message>
    <message>
        <source>Saved. The next scan uses it.</source>
        <translation>已保存，下一次扫码即生效。</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Completing the visit</source>
        <translation>正在完成活动</translation>
    </message>
</context>
</TS>
