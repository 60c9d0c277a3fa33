<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ScanRouter</name>
    <message>
        <source>Answer the question first: this scan follows it.</source>
        <translation>请先回答上面的问题：这次扫码随后处理。</translation>
    </message>
    <message>
        <source>Not recorded: this visit has not been arrived at. Press Arrive on Today when you get there.</source>
        <translation>未记录：本次活动尚未到达。到达后请在「今日」页按「到达」。</translation>
    </message>
    <message>
        <source>{n} more scans were not recorded either.</source>
        <translation>另有 {n} 次扫码也未记录。</translation>
    </message>
    <message>
        <source>Not recorded: the arrival could not be saved.</source>
        <translation>未记录：到达未能保存。</translation>
    </message>
    <message>
        <source>Arrive now?</source>
        <translation>现在到达？</translation>
    </message>
    <message>
        <source>{name}'s badge was scanned, but {site} has not been arrived at yet.
Recording it records the arrival now ({time}); the arrival time prints on the visit report.</source>
        <translation>已扫到{name}的胸卡，但「{site}」还没有到达。
记录这次扫码会把现在（{time}）记为到达时间，到达时间会印在活动报告上。</translation>
    </message>
    <message>
        <source>this visit</source>
        <translation>本次活动</translation>
    </message>
    <message>
        <source>Arrive and record</source>
        <translation>到达并记录</translation>
    </message>
    <message>
        <source>Do not record</source>
        <translation>不记录</translation>
    </message>
    <message>
        <source>To add to it, reopen the visit on Visits first.</source>
        <translation>如需补记，请先在「活动」页重新打开该活动。</translation>
    </message>
    <message>
        <source>Badge not recorded: pick today's visit on Today and press Arrive.</source>
        <translation>胸卡未记录：请在「今日」页选择今天的活动并按「到达」。</translation>
    </message>
    <message>
        <source>Badge not recorded: today's visits are completed. To add to one, reopen it on Visits.</source>
        <translation>胸卡未记录：今天的活动已完成。如需补记，请在「活动」页重新打开该活动。</translation>
    </message>
    <message>
        <source>Badge not recorded: this van has no visit today. Plan one on Visits.</source>
        <translation>胸卡未记录：本车今天没有活动。请在「活动」页安排活动。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Our badges are recognised by their shape at any speed up to this gap between keys; 150 ms suits scanners up to 100 ms a key. A test scan sets it.</source>
        <translation>本系统的胸卡按其格式识别，按键间隔在此以内的任何速度都可以；150 ms 适合每字符 100 ms 以内的扫码枪。测试扫码会自动设置。</translation>
    </message>
    <message>
        <source>Test scan…</source>
        <translation>测试扫码…</translation>
    </message>
    <message>
        <source>Scan one of our badges: the scanner's speed, prefix and suffix are measured and saved.</source>
        <translation>扫描一张本系统的胸卡：测出扫码枪的速度、前缀和后缀并保存。</translation>
    </message>
    <message>
        <source>Our badges: longest gap</source>
        <translation>本系统胸卡最长间隔</translation>
    </message>
    <message>
        <source>Scan one of our badges now (Esc cancels)…</source>
        <translation>请现在扫描一张本系统的胸卡（Esc 取消）…</translation>
    </message>
    <message>
        <source>Test scan not used: {why}</source>
        <translation>测试扫码未采用：{why}</translation>
    </message>
    <message>
        <source>Scanner measured: about {mean} ms a key (slowest {worst} ms), prefix “{prefix}”, suffix “{suffix}”. Saved: our badges are recognised up to {slow} ms a key.</source>
        <translation>已测得扫码枪：每字符约 {mean} ms（最慢 {worst} ms），前缀“{prefix}”，后缀“{suffix}”。已保存：每字符 {slow} ms 以内的本系统胸卡都能识别。</translation>
    </message>
</context>
</TS>
