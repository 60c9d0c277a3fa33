<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>StartupWindow</name>
    <message>
        <source>Taken while starting: {n} counts, {s} scans — saved when the data is open</source>
        <translation>启动中已记下：计数 {n} 次，扫码 {s} 次——数据打开后保存</translation>
    </message>
    <message>
        <source>Keys 1–6 count already; badges can be scanned</source>
        <translation>现在即可按 1–6 计数，也可扫胸牌</translation>
    </message>
    <message>
        <source>Badges can be scanned already</source>
        <translation>现在即可扫胸牌</translation>
    </message>
</context>
<context>
    <name>EarlyInput</name>
    <message>
        <source>{n} counts and scans made while starting are saved.</source>
        <translation>启动时的 {n} 次计数和扫码已保存。</translation>
    </message>
    <message>
        <source>{n} could not be saved: {why}</source>
        <translation>{n} 次未能保存：{why}</translation>
    </message>
</context>
</TS>
