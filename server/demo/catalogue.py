"""Raw material for demo data: products, people and places a Chinese warehouse really sees."""

from __future__ import annotations

# (name_zh, name_en, specs, needs_crate)
PRODUCTS: list[tuple[str, str, list[str], bool]] = [
    ("保温杯", "Insulated cup", ["350ml", "500ml"], False),
    ("数据线", "USB-C cable", ["1m", "2m"], False),
    ("手机壳", "Phone case", ["6.1寸", "6.7寸"], False),
    ("蓝牙耳机", "Bluetooth earbuds", ["标准版", "降噪版"], False),
    ("纯棉毛巾", "Cotton towel", ["34×76cm", "70×140cm"], False),
    ("陶瓷碗", "Ceramic bowl", ["4.5寸", "6寸"], False),
    ("西湖龙井", "Longjing tea", ["100g", "250g"], False),
    ("收纳盒", "Storage box", ["小号", "大号"], False),
    ("LED台灯", "LED desk lamp", ["充电款", "插电款"], False),
    ("折叠雨伞", "Folding umbrella", ["三折", "五折"], False),
    ("四件套", "Bedding set", ["1.5m", "1.8m"], False),
    ("拖鞋", "Slippers", ["38码", "42码"], False),
    ("电动牙刷", "Electric toothbrush", ["单支", "双支"], False),
    ("洗发水", "Shampoo", ["400ml", "750ml"], False),
    ("笔记本", "Notebook", ["A5", "B5"], False),
    ("红木摆件", "Rosewood ornament", ["小", "中"], True),
    ("玻璃花瓶", "Glass vase", ["30cm", "45cm"], True),
    ("紫砂茶具", "Yixing tea set", ["四杯", "六杯"], True),
]

COLOURS: list[tuple[str, str]] = [
    ("红色", "red"),
    ("蓝色", "blue"),
    ("黑色", "black"),
    ("白色", "white"),
    ("绿色", "green"),
    ("灰色", "grey"),
    ("粉色", "pink"),
    ("黄色", "yellow"),
]

CARRIERS = ["顺丰", "中通", "圆通", "韵达", "EMS"]
PLATFORMS = ["taobao", "tmall", "jd", "pdd"]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
]

# (province, city, district)
PLACES: list[tuple[str, str, str]] = [
    ("广东省", "深圳市", "南山区"),
    ("浙江省", "杭州市", "西湖区"),
    ("北京市", "北京市", "朝阳区"),
    ("上海市", "上海市", "浦东新区"),
    ("江苏省", "南京市", "鼓楼区"),
    ("四川省", "成都市", "武侯区"),
    ("湖北省", "武汉市", "洪山区"),
    ("山东省", "青岛市", "市南区"),
    ("福建省", "厦门市", "思明区"),
    ("陕西省", "西安市", "雁塔区"),
]
ROADS = ["人民路", "中山路", "解放路", "建设路", "和平路", "科技园路", "文三路", "长江路"]

SPECIAL_REQUESTS = [
    "发票抬头：上海云仓科技有限公司",
    "贺卡：生日快乐，天天开心！",
    "请周六上午送货",
    "指定顺丰，加急",
    "包装不要出现价格",
]
HOLD_REASONS = ["客户要求暂停发货", "地址待确认", "疑似刷单，待审核"]

# (employee code, name, roles)
STAFF: list[tuple[str, str, list[str]]] = [
    ("P001", "周晓梅", ["printer"]),
    ("P002", "钱丽", ["printer"]),
    ("K001", "王建国", ["picker"]),
    ("K002", "李强", ["picker"]),
    ("K003", "赵磊", ["picker", "packer"]),
    ("B001", "孙木匠", ["packer"]),
    ("Q001", "吴敏", ["qc"]),
    ("E001", "郑洁", ["exceptions"]),
    ("C001", "陈静", ["cs"]),
    ("C002", "林娜", ["cs"]),
    ("D001", "刘洋", ["courier"]),
    ("D002", "马军", ["courier"]),
    ("M001", "黄经理", ["manager"]),
    ("A001", "系统管理员", ["admin", "manager"]),
]

# Staff of the second warehouse, so access between warehouses can be seen (and tested).
STAFF_HZ02: list[tuple[str, str, list[str]]] = [
    ("H001", "郑华", ["manager"]),
    ("H002", "冯刚", ["picker"]),
    ("H003", "蒋丽", ["courier"]),
]
