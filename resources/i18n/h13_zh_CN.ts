<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SyncPage</name>
    <message>
        <source>Records this laptop cannot read, set aside and left out of every figure (ask the hub's operator to retract them)</source>
        <translation>本机无法读取的记录已搁置，不计入任何统计（请服务器管理员撤回）</translation>
    </message>
</context>
</TS>
