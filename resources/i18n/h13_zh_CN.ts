<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SyncPage</name>
    <message>
        <source>Records from the hub this laptop could not store (ask the hub's operator to retract them)</source>
        <translation>服务器上有本机无法保存的记录，已隔离（请服务器管理员撤回）</translation>
    </message>
</context>
</TS>
