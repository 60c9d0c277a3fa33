<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>DayCloseDialog</name>
    <message>
        <source>{date} is already closed for this van ({n}×). Recording again adds another count to the record; the earlier one stays.</source>
        <translation>{date} 这辆车已日结（{n} 次）。再次记录会另加一次清点，之前的记录保留。</translation>
    </message>
    <message>
        <source>Throw away the counts you typed? Nothing is recorded.</source>
        <translation>放弃已填写的清点数吗？不会记录任何内容。</translation>
    </message>
    <message>
        <source>Discard counts</source>
        <translation>放弃清点</translation>
    </message>
    <message>
        <source>Go on counting</source>
        <translation>继续清点</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>The preview shows an earlier choice. Press Generate to make the report chosen now.</source>
        <translation>预览的是之前选择的报告。请点“生成报告”，生成现在选择的报告。</translation>
    </message>
</context>
<context>
    <name>SigninPage</name>
    <message>
        <source>Printing and badges</source>
        <translation>打印与胸卡</translation>
    </message>
</context>
</TS>
