<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Try “Rescue readable data” first: it keeps everything that can still be read. Restoring a backup loses what was changed after it was made.</source>
        <translation>建议先点“救出可读数据”：能读出的数据都会保留。恢复备份会丢失备份之后的更改。</translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation>%1 条记录</translation>
    </message>
    <message>
        <source>Rescue readable data</source>
        <translation>救出可读数据（推荐）</translation>
    </message>
</context>
</TS>
