<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>TodayPage</name>
    <message>
        <source>The van left at {t}: keep that departure time?</source>
        <translation>大篷车已于 {t} 离开：保留这个离开时间吗？</translation>
    </message>
    <message>
        <source>Complete, keep {t}</source>
        <translation>完成，离开时间仍为 {t}</translation>
    </message>
    <message>
        <source>Complete, left now</source>
        <translation>完成，离开时间改为现在</translation>
    </message>
</context>
</TS>
