<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Console</name>
    <message>
        <source>Leave out</source>
        <translation>不派</translation>
    </message>
    <message>
        <source>Allow a changed date outside the school's window</source>
        <translation>允许改到学校希望的日期范围之外</translation>
    </message>
    <message>
        <source>Change a row's van or date, or leave it out, then apply: the changed rows are assigned as you set them and later proposals keep them.</source>
        <translation>可改每一行的车辆或日期，或勾选“不派”，再派单：改过的行按您设定的派出，以后的方案保留它们。</translation>
    </message>
    <message>
        <source>Closed days</source>
        <translation>关闭日</translation>
    </message>
    <message>
        <source>School holidays and exam weeks close a day for every school (villages and science halls are still visited); a van's maintenance days close it for that van.</source>
        <translation>学校放假和考试周对所有学校关闭（村和科普馆照常）；车辆保养日只对该车关闭。</translation>
    </message>
    <message>
        <source>For</source>
        <translation>适用于</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>every school</source>
        <translation>全部学校</translation>
    </message>
    <message>
        <source>Open again</source>
        <translation>取消关闭</translation>
    </message>
    <message>
        <source>No closed days.</source>
        <translation>没有关闭日。</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Close these days</source>
        <translation>关闭这些天</translation>
    </message>
</context>
<context>
    <name>SigninPage</name>
    <message>
        <source>Rating QR</source>
        <translation>评价二维码</translation>
    </message>
    <message>
        <source>When the visit is done, the school scans it to rate the visit</source>
        <translation>活动完成后，学校扫码评价这次活动</translation>
    </message>
    <message>
        <source>The school can rate the visit once it is completed.</source>
        <translation>活动完成后学校才能评价。</translation>
    </message>
    <message>
        <source>Close rating QR</source>
        <translation>关闭评价二维码</translation>
    </message>
    <message>
        <source>The school rates the visit at: {url}</source>
        <translation>学校扫码或打开此地址评价：{url}</translation>
    </message>
    <message>
        <source>The rating page is open; phone sign-in stays closed.</source>
        <translation>评价页面已打开；扫码签到仍关闭。</translation>
    </message>
</context>
</TS>
