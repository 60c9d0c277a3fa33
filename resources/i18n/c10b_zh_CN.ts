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
</TS>
