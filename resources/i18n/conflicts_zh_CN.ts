<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>Review changes that lost a merge ({n})</source>
        <translation>查看同步中被覆盖的修改（{n} 条）</translation>
    </message>
    <message>
        <source>Changes that lost a merge</source>
        <translation>同步中被覆盖的修改</translation>
    </message>
    <message>
        <source>Two laptops changed the same field while offline. The newer change is in use everywhere; the other one is kept here. Keep the current value, or put the lost one back.</source>
        <translation>两台电脑在离线时修改了同一项内容。较新的修改已在各处生效，另一项保存在这里。可以保留当前值，或恢复被覆盖的值。</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>当前值</translation>
    </message>
    <message>
        <source>Lost value</source>
        <translation>被覆盖的值</translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation>保留当前值</translation>
    </message>
    <message>
        <source>Put the lost value back</source>
        <translation>恢复被覆盖的值</translation>
    </message>
</context>
</TS>