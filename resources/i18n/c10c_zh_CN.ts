<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConflictsDialog</name>
    <message>
        <source> (for information: changes by start/complete/reopen only)</source>
        <translation>（仅供参考：只能通过开始、完成、重新打开等操作改变）</translation>
    </message>
</context>
</TS>
