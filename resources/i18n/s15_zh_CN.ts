<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>StockPage</name>
    <message>
        <source>《{name}》 {qty}</source>
        <translation>《{name}》{qty}</translation>
    </message>
    <message>
        <source>Below zero: {names}. Two laptops of this van handed out while offline, or a hand-out was entered twice. Count the books on the van and correct it with Adjust (give the reason).</source>
        <translation>库存为负：{names}。可能是本车两台电脑离线时分别发放，或同一次发放记了两遍。请清点车上图书，用“调整”更正（写明原因）。</translation>
    </message>
</context>
</TS>
