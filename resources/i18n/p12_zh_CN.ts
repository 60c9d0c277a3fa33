<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ReportsPage</name>
    <message>
        <source>Copy the paragraph</source>
        <translation>复制摘要段落</translation>
    </message>
    <message>
        <source>Copy the work-report paragraph, ready to paste into a document</source>
        <translation>复制工作报告摘要段落，可直接粘贴到文档中</translation>
    </message>
    <message>
        <source>Paragraph copied: paste it into the work report.</source>
        <translation>已复制摘要段落，可粘贴到工作报告中。</translation>
    </message>
    <message>
        <source>Scan the QR, or type the report number and code</source>
        <translation>扫描二维码，或输入报告编号和核验码</translation>
    </message>
</context>
</TS>
