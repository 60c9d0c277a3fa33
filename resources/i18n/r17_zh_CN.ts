<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>OdometerBox</name>
    <message>
        <source>Mileage (odometer, km)</source>
        <translation>行驶里程（里程表读数，公里）</translation>
    </message>
    <message>
        <source>Record mileage</source>
        <translation>保存里程</translation>
    </message>
    <message>
        <source>Departure</source>
        <translation>出车</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>收车</translation>
    </message>
    <message>
        <source>not entered</source>
        <translation>未填</translation>
    </message>
    <message>
        <source>Recorded: {km} km</source>
        <translation>已记录：行驶 {km} 公里</translation>
    </message>
    <message>
        <source>Not recorded for this day</source>
        <translation>当天尚未登记里程</translation>
    </message>
    <message>
        <source>{km} km in one day is more than 500 km. Are the readings right?</source>
        <translation>当天行驶 {km} 公里，超过 500 公里。读数确认无误吗？</translation>
    </message>
    <message>
        <source>Mileage</source>
        <translation>行驶里程</translation>
    </message>
    <message>
        <source>Yes, record it</source>
        <translation>无误，保存</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>再核对一下</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>(guess from the theme)</source>
        <translation>（按主题自动判断）</translation>
    </message>
    <message>
        <source>Statistics category</source>
        <translation>统计类别</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Volunteer certificates…</source>
        <translation>志愿服务证明…</translation>
    </message>
    <message>
        <source>One service certificate per volunteer of the chosen period (PDF)</source>
        <translation>为所选期间的每位志愿者生成志愿服务记录证明（PDF）</translation>
    </message>
    <message>
        <source>Making certificates…</source>
        <translation>正在生成证明…</translation>
    </message>
    <message>
        <source>Certificates: %1 volunteers, %2</source>
        <translation>证明：%1 名志愿者，%2</translation>
    </message>
    <message>
        <source>Making certificates</source>
        <translation>生成证明</translation>
    </message>
    <message>
        <source>Save certificates</source>
        <translation>保存证明</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <source>Certificate (this year)</source>
        <translation>志愿服务证明（本年）</translation>
    </message>
    <message>
        <source>Making the certificate</source>
        <translation>生成志愿服务证明</translation>
    </message>
</context>
</TS>
