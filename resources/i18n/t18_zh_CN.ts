<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BackupTimer</name>
    <message>
        <source>Automatic backup</source>
        <translation>自动备份</translation>
    </message>
</context>
</TS>
