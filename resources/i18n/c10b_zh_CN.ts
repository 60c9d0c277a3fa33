<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>SigninListView</name>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Not a duplicate</source>
        <translation>不是重复</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>Possible duplicate</source>
        <translation>可能重复</translation>
    </message>
    <message>
        <source>{d} possible duplicates</source>
        <translation>{d} 条可能重复</translation>
    </message>
</context>
<context>
    <name>VoidSigninDialog</name>
    <message>
        <source>Void sign-in</source>
        <translation>作废签到</translation>
    </message>
    <message>
        <source>e.g. typed by mistake</source>
        <translation>例如：误输入</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Void the sign-in of {name}? It leaves every count, list and report.</source>
        <translation>作废 {name} 的签到？作废后不计入人数、名单和报告。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ReopenVisitDialog</name>
    <message>
        <source>Reopen visit</source>
        <translation>重新打开活动</translation>
    </message>
    <message>
        <source>e.g. one class was not counted</source>
        <translation>例如：漏记了一个班</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reopened by</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>The reason is recorded and printed on the report; verification codes printed before stop verifying.</source>
        <translation>原因将被记录并打印在报告上；此前打印的报告核验码将不再通过。</translation>
    </message>
</context>
</TS>
