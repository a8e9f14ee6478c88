#!/usr/bin/env python3
"""Source of the hand-written evaluation set; writes eval/questions.jsonl.

Every question below was written by hand after reading
corpus/guofa-2020-10/source.txt. Evidence strings were copied from the document
with all whitespace removed. This script only assigns ids and the dev/test
split (deterministically: alternating within each (type, lang) group, with
the starting split alternating between groups) and writes the JSONL file.

Run:  python3 eval/build_questions.py && python3 eval/validate_questions.py
"""
import collections
import hashlib
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "questions.jsonl")

B, H, A, Z = "beijing", "hunan", "anhui", "zhejiang"

QUESTIONS = []


def q(type_, lang, question, *evidence, zones=None):
    """evidence: (zone, text) pairs; zones default to evidence zones in order."""
    if zones is None:
        zones = []
        for z, _ in evidence:
            if z not in zones:
                zones.append(z)
    QUESTIONS.append({
        "lang": lang,
        "type": type_,
        "question": question,
        "zones": zones,
        "evidence": [{"zone": z, "text": t} for z, t in evidence],
    })


# ---------------------------------------------------------------------------
# fact: a single fact from one zone's plan
# ---------------------------------------------------------------------------
F = "fact"
# Beijing
q(F, "zh", "北京自贸试验区在数字贸易规则方面准备做哪些探索？",
  (B, "探索符合国情的数字贸易发展规则"))
q(F, "en", "What does the Beijing plan say about a central bank digital currency?",
  (B, "建设法定数字货币试验区和数字金融体系"))
q(F, "zh", "北京方案希望把服贸会办成一个什么样的平台？",
  (B, "将其打造成为国际服务贸易主平台"))
q(F, "en", "Will the Beijing FTZ allow pilots of decentralised clinical trials, where patients don't have to come to a trial site?",
  (B, "探索开展去中心化临床试验（DCT）试点"))
q(F, "zh", "北京自贸试验区打算在哪里建设组团式的会展综合体？",
  (B, "在北京首都国际机场周边打造功能完善的组团式会展综合体"))
q(F, "en", "Can a single plot of land in the Beijing FTZ be used for several purposes at once?",
  (B, "实现一宗地块具有多种土地用途"), (B, "按照不同用途建筑面积计算土地出让金"))
q(F, "zh", "北京方案在碳排放交易方面有什么打算？",
  (B, "支持设立全国自愿减排等碳交易中心"))
q(F, "en", "In Beijing, will overseas investors be able to handle their onshore securities investments through just one bank account?",
  (B, "研究推动境外投资者用一个NRA账户处理境内证券投资事宜"))
q(F, "zh", "北京自贸区企业借外债还需要一笔一笔去登记吗？",
  (B, "开展区内企业外债一次性登记试点，不再逐笔登记"))
q(F, "en", "What is the long-term goal for convertibility of foreign debt for non-financial companies in Zhongguancun?",
  (B, "逐步实现中关村国家自主创新示范区非金融企业外债项下完全可兑换"))
q(F, "zh", "北京方案对科研机构访问境外学术网站有什么说法？",
  (B, "探索优化对科研机构访问国际学术前沿网站的安全保障服务"))
q(F, "en", "What is planned in Beijing's city sub-centre for monitoring financial risk across the Beijing–Tianjin–Hebei region?",
  (B, "构建京津冀金融风险监测预警平台"))
q(F, "zh", "北京方案对免税店政策是怎么表述的？",
  (B, "鼓励适度竞争，完善免税店相关政策"))
q(F, "en", "Is Beijing going to try a quota system for bringing in foreign talent?",
  (B, "试点开展外籍人才配额管理制度"))
q(F, "zh", "针对航空专用零部件的海关税则归类，北京方案有什么考虑？",
  (B, "对符合列目规则的航空专用零部件，研究单独设立本国子目"))
q(F, "en", "Does the Beijing plan back any international body for preventing and settling commercial disputes?",
  (B, "支持国际商事争端预防与解决组织落地运营"))
# Hunan
q(F, "zh", "湖南方案打算怎样帮企业降低用电成本？",
  (H, "推进电力改革试点，进一步降低企业用电成本"))
q(F, "en", "How is Hunan changing the way companies get registered?",
  (H, "探索商事主体登记确认制"), (H, "试行“自主查询、自主申报”制度"))
q(F, "zh", "湖南方案如何处理国际铁路运单不能作为物权凭证的问题？",
  (H, "将铁路运输单证作为信用证议付单证"))
q(F, "en", "Is there anything in the Hunan plan about reusing packaging materials inside the zone?",
  (H, "创新区内包装材料循环利用监管模式"))
q(F, "zh", "湖南自贸区的跨境电商零售出口企业，企业所得税怎么征收？",
  (H, "对符合条件的跨境电商零售出口企业核定征收企业所得税"))
q(F, "en", "Does Hunan plan to move express freight on high-speed trains?",
  (H, "研究开展高铁快运"))
q(F, "zh", "湖南方案提出在长沙黄花机场建立哪些进口商品集散中心？",
  (H, "建立进口食用水生动物、冰鲜水产品、水果集散中心和进口医药物流中心"))
q(F, "en", "Which African countries does the Hunan plan single out for cotton cooperation?",
  (H, "鼓励与贝宁、布基纳法索、乍得、马里等非洲棉花主产国开展定向合作"))
q(F, "zh", "湖南方案在对非人民币结算方面要设立什么机构？",
  (H, "支持设立中非跨境人民币中心"))
q(F, "en", "How will Hunan coordinate customs clearance with the ports of the Guangdong–Hong Kong–Macao Greater Bay Area?",
  (H, "推进粤港澳大湾区口岸和湖南地区通关监管协作"))
q(F, "zh", "湖南方案在对非洲人才培训方面有什么安排？",
  (H, "重点实施对非人力资源培训有关项目"))
q(F, "en", "Does the Hunan plan give green products any preference in public purchasing?",
  (H, "支持将绿色产品优先纳入政府采购清单"))
q(F, "zh", "湖南方案怎么支持装备制造企业做海外售后服务？",
  (H, "支持区内装备制造企业建设全球售后服务中心"))
q(F, "en", "Is Hunan working with African customs on recognising each other's trusted traders?",
  (H, "推进中非海关“经认证的经营者”（AEO）互认合作"))
q(F, "zh", "湖南方案提出成立什么机构来推动工业软件发展？",
  (H, "成立湖南省工业技术软件化创新中心"))
q(F, "en", "Do foreign-invested firms in the Hunan FTZ still have to file separate annual reports to each regulator?",
  (H, "实行市场监管、商务、外汇年报“多报合一”"))
# Anhui
q(F, "zh", "安徽方案里的“四送一服”具体指什么？",
  (A, "送新发展理念、送支持政策、送创新项目、送生产要素和服务实体经济"))
q(F, "en", "What does the Anhui plan say about quantum computing?",
  (A, "支持超前布局量子计算与量子通信、生物制造、先进核能等未来产业"))
q(F, "zh", "安徽方案支持提升哪些大科学装置的功能？",
  (A, "支持提升拓展全超导托卡马克、同步辐射光源、稳态强磁场等大科学装置功能"))
q(F, "en", "Does the Anhui plan say anything about biodegradable plastics?",
  (A, "推广使用聚乳酸等可降解塑料制品"))
q(F, "zh", "安徽方案提出的“六位一体”科技成果转化机制包括哪些主体？",
  (A, "打造“政产学研用金”六位一体科技成果转化机制"))
q(F, "en", "How does the Anhui plan propose to support top scientists and their teams?",
  (A, "对顶尖科技人才及团队采取“一事一议”方式给予支持"))
q(F, "zh", "安徽企业到海外投资后，能拿海外资产做抵押在国内贷款吗？",
  (A, "支持走出去企业以境外资产和股权、采矿权等权益为抵押获得贷款"))
q(F, "en", "Which bilateral industrial parks with a European country are mentioned in the Anhui plan?",
  (A, "支持合肥、芜湖中德合作园区建设"))
q(F, "zh", "安徽方案提到要发展哪些前沿材料？",
  (A, "重点发展第三代半导体、金属铼等前沿材料产业"), (A, "培育发展石墨烯产业"))
q(F, "en", "Is offshore insurance business on the table in Anhui?",
  (A, "探索开展离岸保险业务"))
q(F, "zh", "安徽方案希望把中欧班列（合肥）纳入什么试点计划？",
  (A, "推动将中欧班列（合肥）纳入中欧安全智能贸易航线试点计划"))
q(F, "en", "Does the Anhui plan mention consumer-to-manufacturer (C2M) production?",
  (A, "探索建立反向定制（C2M）产业基地"))
q(F, "zh", "安徽想打造的营商环境，要在哪些方面做到全国最好？",
  (A, "以全国审批事项最少、办事效率最高、投资环境最优"))
q(F, "en", "In Anhui, do goods that come in for repair and are then re-exported need a pre-shipment inspection?",
  (A, "对符合条件的入境维修复出口免于实施装运前检验"))
q(F, "zh", "安徽方案对引江济淮工程是怎么说的？",
  (A, "加快引江济淮工程建设"), (A, "提升自贸试验区对长江经济带发展的航运支撑能力"))
q(F, "en", "Which major trade shows does the Anhui plan want to keep hosting?",
  (A, "支持办好世界制造业大会、世界显示产业大会"))
# Zhejiang
q(F, "zh", "浙江扩展区域方案对液化天然气作为船用燃料有什么政策？",
  (Z, "允许液化天然气（LNG）作为国际航行船舶燃料享受保税政策"))
q(F, "en", "Is Zhejiang considering paying export tax refunds as soon as goods leave the port of departure?",
  (Z, "研究在宁波舟山港实施启运港退税政策的可行性"))
q(F, "zh", "浙江方案对世界电子贸易平台的布局是怎么说的？",
  (Z, "支持以市场化方式推进世界电子贸易平台（eWTP）全球布局"))
q(F, "en", "Does the Zhejiang plan mention 6G or satellite internet?",
  (Z, "支持布局IPv6、卫星互联网、6G试验床等网络基础设施"))
q(F, "zh", "浙江方案中的“链长制”是用来做什么的？",
  (Z, "建立产业链“链长制”责任体系，提升“补链”能力"))
q(F, "en", "Which advanced materials does the Zhejiang extension plan focus on?",
  (Z, "聚焦高性能磁性材料、新型膜材料、先进碳材料等优势产业"))
q(F, "zh", "浙江方案对海水淡化和海洋能源怎么安排？",
  (Z, "加快海水淡化与综合利用、海洋可再生能源等新兴领域自主研发"))
q(F, "en", "Can underground space be used for oil and gas storage under the Zhejiang plan?",
  (Z, "探索利用地下空间建设油气仓储设施"))
q(F, "zh", "浙江方案中哪两家法院被赋予服务保障作用？",
  (Z, "支持宁波海事法院、杭州互联网法院"))
q(F, "en", "Can companies with a bad credit record repair it under the Zhejiang plan?",
  (Z, "支持探索信用评估和信用修复制度"), (Z, "鼓励失信主体通过主动纠正失信行为"))
q(F, "zh", "浙江方案对甬金铁路有什么试点安排？",
  (Z, "支持开展甬金铁路双层高柜铁路集装箱运输试点"))
q(F, "en", "Which research institutes are named in the Zhejiang plan?",
  (Z, "推进之江实验室、阿里达摩院等研发机构建设"))
q(F, "zh", "浙江方案里联动发展的“四港”是哪四个？",
  (Z, "促进海港、陆港、空港、信息港“四港”联动发展"))
q(F, "en", "Can non-performing assets be sold to buyers abroad under the Zhejiang plan?",
  (Z, "探索开展境内贸易融资资产转让业务和不良资产对外转让业务"))

# ---------------------------------------------------------------------------
# multi_zone: several zones, each with its own measure (exhaustive by grep)
# ---------------------------------------------------------------------------
M = "multi_zone"
q(M, "zh", "哪些自贸区支持开展QFLP试点？",
  (H, "开展外商投资股权投资企业合格境外有限合伙人（QFLP）试点"),
  (A, "研究开展合格境外有限合伙人（QFLP）政策试点"))
q(M, "en", "Which of these FTZs are pushing for fifth-freedom traffic rights at their airports?",
  (B, "推动北京首都国际机场、北京大兴国际机场扩大包括第五航权在内的航权安排"),
  (H, "支持长沙黄花国际机场获得包括第五航权在内的航权安排"),
  (Z, "推动杭州萧山国际机场、宁波栎社国际机场扩大包括第五航权在内的航权安排"))
q(M, "zh", "四个方案中，哪些提到要建设或完善国际贸易单一窗口？",
  (B, "持续拓展国际贸易“单一窗口”服务功能和应用领域"),
  (H, "将出口退税、服务外包、维修服务等事项逐步纳入"),
  (A, "加快建设具有国际先进水平的国际贸易“单一窗口”"),
  (Z, "将服务贸易出口退（免）税申报纳入“单一窗口”管理"))
q(M, "en", "Which plans roll out the reform that separates business licences from operating permits?",
  (B, "推进“证照分离”改革"),
  (H, "开展“证照分离”改革全覆盖试点"))
q(M, "zh", "哪些自贸区打算更多地认可第三方检验机构出具的结果？",
  (H, "扩大第三方检验结果采信商品和机构范围"),
  (A, "深入推进第三方检验结果采信"),
  (Z, "扩大第三方检验结果采信商品和机构范围"))
q(M, "en", "Where will bonded-zone manufacturers be able to choose how duties are charged when they sell into the domestic market?",
  (H, "支持内销选择性征收关税政策在自贸试验区内的综合保税区试点"),
  (A, "支持内销选择性征收关税政策在自贸试验区内的综合保税区试点"))
q(M, "zh", "哪些自贸区的方案涉及跨境电商零售进口？",
  (B, "开展跨境电子商务零售进口药品试点工作"),
  (H, "依法依规适用跨境电商零售进口政策"),
  (A, "支持合肥、芜湖片区开展跨境电商零售进口试点"))
q(M, "en", "Which plans want facilities that handle international mail, express parcels and cross-border e-commerce shipments in one place?",
  (H, "探索建设国际邮件、国际快件和跨境电商进出境一体化设施"),
  (A, "探索建设国际邮件、国际快件和跨境电商进出境一体化设施"))
q(M, "zh", "哪些自贸区打算在工程建设审批中取消或缩小施工图审查？",
  (B, "探索取消施工图审查（或缩小审查范围）、实行告知承诺制"),
  (Z, "探索取消施工图审查（或缩小审查范围）、实施告知承诺制"))
q(M, "en", "In which zones is the power to approve international courier licences being handed down to local authorities?",
  (B, "下放国际快递业务（代理）经营许可审批权"),
  (Z, "将国际快递业务经营许可审批权下放至浙江省邮政管理局"))
q(M, "zh", "哪些自贸区提出按产业链来供应土地？",
  (B, "探索实行产业链供地"),
  (Z, "探索实行产业链供地"))
q(M, "en", "Which zones plan to explore securitising intellectual property?",
  (B, "审慎规范探索开展知识产权证券化"),
  (A, "探索有条件的科技创新企业规范开展知识产权证券化试点"))
q(M, "zh", "哪些自贸区提出要建立知识产权质押贷款的风险分担机制？",
  (B, "知识产权质押融资风险分担机制以及质物处置机制"),
  (H, "完善知识产权质押融资风险分担机制以及方便快捷的质物处置机制"),
  (A, "完善知识产权评估机制、质押融资风险分担机制"))
q(M, "en", "Which plans let researchers own, or hold long-term rights to, inventions they make on the job?",
  (B, "赋予科研人员职务科技成果所有权或长期使用权"),
  (A, "赋予科技人员职务科技成果所有权或长期使用权试点"))
q(M, "zh", "哪些自贸区在干细胞临床研究方面有支持政策？",
  (B, "按照有关规定开展干细胞临床前沿医疗技术研究项目"),
  (A, "支持开展免疫细胞、干细胞等临床前沿医疗技术研究项目"))
q(M, "en", "Which plans include a pilot to make it easier to spend capital-account receipts?",
  (H, "开展资本项目收入支付便利化改革试点"),
  (A, "开展资本项目收入支付便利化改革试点"))
q(M, "zh", "哪些自贸区方案把打击洗钱、恐怖融资和逃税写进了金融风险防控？",
  (B, "强化反洗钱、反恐怖融资和反逃税工作"),
  (H, "强化反洗钱、反恐怖融资、反逃税工作"),
  (A, "强化反洗钱、反恐怖融资、反逃税工作，防范非法资金跨境、跨区流动"))
q(M, "en", "Which zones let banks rely on the 'know your customer, know your business, due diligence' principles when serving companies?",
  (H, "允许银行按照“展业三原则”办理购付汇、收结汇及划转等手续"),
  (Z, "支持银行按照“展业三原则”，依法为企业提供优质的金融服务"))
q(M, "zh", "哪些自贸区支持设立民营银行？",
  (B, "支持设立重点支持文创产业发展的民营银行"),
  (Z, "支持设立民营银行，探索股债联动"))
q(M, "en", "Which plans mention barter trade?",
  (H, "探索开展中非易货贸易"),
  (Z, "支持建设易货贸易服务平台"))
q(M, "zh", "哪些自贸区提到建设或整合海外仓？",
  (H, "支持跨境电商企业在重点国别、重点市场建设海外仓"),
  (A, "鼓励建设出口产品公共海外仓和海外运营中心"),
  (Z, "整合海外仓、结算等全球供应链服务体系"))
q(M, "en", "Which FTZ plans talk about China–Europe freight train services?",
  (H, "提升中欧班列（长沙）运营规模和质量"),
  (A, "拓展提升中欧班列（合肥）功能和覆盖范围"))
q(M, "zh", "哪些自贸区要发展国际商事仲裁？",
  (B, "允许境外知名仲裁及争议解决机构经北京市人民政府司法行政部门登记"),
  (H, "支持搭建国际商事仲裁平台"),
  (Z, "积极打造具有较强国际影响力的国际商事仲裁平台"))
q(M, "en", "Which zones are trying to attract multinationals' regional headquarters?",
  (H, "吸引跨国公司在区内设立地区总部"),
  (Z, "吸引跨国公司地区总部、结算中心、贸易中心和订单中心在自贸试验区落户"))
q(M, "zh", "哪些自贸区在公平竞争政策方面开展试点？",
  (H, "开展强化竞争政策实施试点，创造公平竞争的制度环境"),
  (A, "开展强化竞争政策实施试点，创造公平竞争的制度环境"))
q(M, "en", "Which zones let qualifying R&D units import scientific equipment duty-free?",
  (B, "对符合政策的区内研发机构科研设备进口免税"),
  (Z, "对符合政策要求的区内单位进口科研设备免税"))
q(M, "zh", "哪些自贸区在汽车整车进口口岸方面有安排？",
  (B, "进一步拓展整车进口口岸功能"),
  (A, "支持建设汽车整车进口口岸"))
q(M, "en", "Which plans support issuing green bonds?",
  (B, "规范探索开展跨境绿色信贷资产证券化、绿色债券、绿色股权投融资业务"),
  (H, "支持金融机构和企业发行绿色债券"))
q(M, "en", "Which zones host a national pilot zone for next-generation AI?",
  (A, "建设国家新一代人工智能创新发展试验区"),
  (Z, "杭州片区打造全国领先的新一代人工智能创新发展试验区"))
q(M, "zh", "哪些自贸区涉及国家数字服务出口基地？",
  (A, "支持设立国家数字服务出口基地"),
  (Z, "把国家数字服务出口基地打造为数字贸易先行示范区"))
q(M, "en", "Which plans deal with rules or security assessments for cross-border data flows?",
  (B, "探索制定信息技术安全、数据隐私保护、跨境数据流动等重点领域规则"),
  (Z, "试点开展数据跨境流动安全评估"))
q(M, "en", "Which zones plan to trade gemstones and jade?",
  (B, "开展宝玉石交易业务"),
  (H, "依托现有交易场所，依法合规开展宝玉石交易"))
q(M, "zh", "哪些自贸区提出促进文物回流？",
  (B, "鼓励海外文物回流"),
  (H, "加强文物进出境审核工作，促进文物回流"))
q(M, "en", "Which zones let professionals with overseas or Hong Kong/Macao qualifications in finance, architecture or planning provide services locally?",
  (B, "允许具有境外职业资格的金融、建筑设计、规划等领域"),
  (H, "允许具有港澳执业资格的金融、建筑、规划等领域专业人才"))
q(M, "zh", "哪些自贸区提到吸引国际组织入驻？",
  (B, "鼓励国际组织集聚"),
  (A, "支持重要国际组织在合肥综合性国家科学中心设立总部或分支机构"))
q(M, "en", "Which plans involve building or joining national laboratories?",
  (A, "争创国家实验室，探索国家实验室建设运行模式"),
  (Z, "支持之江实验室参与国家实验室建设"))
q(M, "zh", "哪些自贸区对外资投资性公司有专门安排？",
  (B, "支持跨国公司通过在境内设立符合条件的投资性公司"),
  (H, "放宽外商设立投资性公司申请条件"))
q(M, "en", "Which zones will develop container transhipment and consolidation business?",
  (A, "支持长江中上游地区集装箱在自贸试验区内中转集拼业务发展"),
  (Z, "设立国际转口集拼中转业务仓库，建设国际中转集拼中心"))
q(M, "zh", "哪些自贸区在海关核查上试点远程网上核查、线上线下相结合的方式？",
  (A, "开展“互联网+核查”、“线上+线下”核查等创新试点"),
  (Z, "探索实施“互联网+核查”、“线上+线下”核查等创新试点"))
q(M, "en", "Which plans let companies keep their existing qualifications or certifications when they relocate?",
  (B, "对有效期内整体迁移的高新技术企业保留其高新技术企业资格"),
  (H, "企业跨省迁入自贸试验区后，在履行必要的审核程序后继续享有原有资质、认证"))
q(M, "zh", "哪些自贸区允许探索把贸易融资形成的资产转让出去？",
  (H, "探索开展境内人民币贸易融资资产跨境转让业务"),
  (Z, "探索开展境内贸易融资资产转让业务"))
q(M, "en", "Which plans promise to improve work permit procedures for foreigners?",
  (B, "优化外国人来华工作许可、居留许可审批流程"),
  (Z, "完善外国人来华工作许可制度和人才签证制度区内配套措施"))
q(M, "zh", "哪些自贸区提出与其他地区的自贸试验区联动或合作？",
  (B, "鼓励北京、天津、河北自贸试验区抱团参与“一带一路”建设"),
  (H, "积极推进长江经济带沿线自贸试验区合作共建"),
  (A, "对接上海、江苏、浙江自贸试验区"))
q(M, "en", "Which plans introduce credit-based, risk-classified supervision of companies?",
  (B, "推行以信用为基础的分级分类监管制度"),
  (H, "加强信用体系建设，实行信用风险分类监管"),
  (Z, "支持开展企业信用风险分类管理试点工作"))
q(M, "zh", "哪些自贸区提出了类似“监管沙盒”、允许新产品新业务先行测试的机制？",
  (B, "探索建立允许相关机构在可控范围内对新产品、新业务进行测试的监管机制"),
  (Z, "探索“沙盒”监管模式"))
q(M, "zh", "哪些自贸区支持跨境电商企业用人民币计价和结算？",
  (A, "依法依规开展跨境电商人民币结算"),
  (Z, "支持跨境电商平台企业与结算银行、支付机构在依法合规前提下积极开展人民币计价"))
q(M, "en", "Which plans aim to build industrial internet platforms or nodes?",
  (H, "支持建设工业互联网平台"),
  (A, "支持合肥片区建设工业互联网标识解析二级节点"),
  (Z, "打造全球工业互联网研发应用基地"))

# ---------------------------------------------------------------------------
# number: areas, amounts, years
# ---------------------------------------------------------------------------
N = "number"
q(N, "zh", "北京自贸试验区总共有多大面积？", (B, "自贸试验区的实施范围119.68平方公里"))
q(N, "en", "How big is the Hunan pilot FTZ in total?", (H, "自贸试验区的实施范围119.76平方公里"))
q(N, "zh", "安徽自贸试验区一共覆盖多少平方公里？", (A, "自贸试验区的实施范围119.86平方公里"))
q(N, "en", "How much land does the Zhejiang FTZ extension cover?", (Z, "自贸试验区扩展区域实施范围119.5平方公里"))
q(N, "en", "How large is Beijing's science and technology innovation area?", (B, "科技创新片区31.85平方公里"))
q(N, "zh", "北京国际商务服务片区面积多大？", (B, "国际商务服务片区48.34平方公里"))
q(N, "en", "What is the size of the Tianzhu comprehensive bonded zone inside the Beijing FTZ?", (B, "北京天竺综合保税区5.466平方公里"))
q(N, "zh", "北京高端产业片区占地多少？", (B, "高端产业片区39.49平方公里"))
q(N, "zh", "长沙片区的面积是多少？", (H, "长沙片区79.98平方公里"))
q(N, "en", "How large is the Yueyang area of the Hunan FTZ?", (H, "岳阳片区19.94平方公里"))
q(N, "zh", "郴州片区有多大？", (H, "郴州片区19.84平方公里"))
q(N, "en", "How big is the Changsha Huanghua comprehensive bonded zone that sits within the Changsha area?", (H, "含长沙黄花综合保税区1.99平方公里"))
q(N, "zh", "岳阳城陵矶综合保税区的面积是多少？", (H, "含岳阳城陵矶综合保税区2.07平方公里"))
q(N, "en", "What is the area of the Chenzhou comprehensive bonded zone?", (H, "含郴州综合保税区1.06平方公里"))
q(N, "en", "How many square kilometres does the Hefei area cover?", (A, "合肥片区64.95平方公里"))
q(N, "zh", "芜湖片区面积是多少？", (A, "芜湖片区35平方公里"))
q(N, "en", "How large is the Bengbu area in Anhui?", (A, "蚌埠片区19.91平方公里"))
q(N, "zh", "合肥经济技术开发区综合保税区在自贸区内有多大？", (A, "合肥经济技术开发区综合保税区1.4平方公里"))
q(N, "en", "What is the size of the Wuhu comprehensive bonded zone?", (A, "芜湖综合保税区2.17平方公里"))
q(N, "zh", "宁波片区面积是多少？", (Z, "宁波片区46平方公里"))
q(N, "en", "How big is the Hangzhou area of the Zhejiang extension?", (Z, "杭州片区37.51平方公里"))
q(N, "zh", "金义片区占地多少平方公里？", (Z, "金义片区35.99平方公里"))
q(N, "en", "How large is the Ningbo Meishan comprehensive bonded zone?", (Z, "宁波梅山综合保税区5.69平方公里"))
q(N, "zh", "义乌综合保税区纳入自贸区的面积是多少？", (Z, "义乌综合保税区1.34平方公里"))
q(N, "en", "What minimum total assets must a foreign investor have to set up an investment company in the Hunan FTZ?",
  (H, "申请前一年外国投资者的资产总额要求降为不低于2亿美元"))
q(N, "zh", "浙江自贸试验区到2025年要基本建成什么？",
  (Z, "到2025年，基本建立以投资贸易自由化便利化为核心的制度体系"))
q(N, "en", "What should the Zhejiang FTZ have achieved by 2035?",
  (Z, "到2035年，实现更高水平的投资贸易自由化"), (Z, "新型国际贸易中心全面建成"))
q(N, "zh", "北京自贸试验区计划经过几年的改革探索实现发展目标？",
  (B, "经过三至五年改革探索，强化原始创新"))
q(N, "en", "Which classes of exporters should Hunan's paperless export tax refund filing cover?",
  (H, "尽快覆盖管理类别为一、二、三类的出口企业"))
q(N, "zh", "宁波片区内的北仑港综保区和宁波保税区分别多大？",
  (Z, "宁波北仑港综合保税区2.99平方公里"), (Z, "宁波保税区2.3平方公里"))
q(N, "en", "What is the area of the Hangzhou comprehensive bonded zone?", (Z, "杭州综合保税区2.01平方公里"))
q(N, "zh", "金义综合保税区有多大？", (Z, "金义综合保税区1.26平方公里"))
q(N, "en", "Comparing the Beijing, Hunan and Anhui zones and the Zhejiang extension, which one covers the most land, and how much?",
  (A, "自贸试验区的实施范围119.86平方公里"),
  (H, "自贸试验区的实施范围119.76平方公里"),
  (B, "自贸试验区的实施范围119.68平方公里"),
  (Z, "自贸试验区扩展区域实施范围119.5平方公里"))
q(N, "zh", "湖南自贸试验区三个片区里哪个面积最大？",
  (H, "长沙片区79.98平方公里"), (H, "岳阳片区19.94平方公里"), (H, "郴州片区19.84平方公里"))

# ---------------------------------------------------------------------------
# area: a 片区 (area) and its focus
# ---------------------------------------------------------------------------
R = "area"
q(R, "zh", "北京科技创新片区主要发展哪些产业？",
  (B, "科技创新片区重点发展新一代信息技术、生物与健康、科技服务等产业"))
q(R, "en", "Which industries will Beijing's international business services area concentrate on?",
  (B, "国际商务服务片区重点发展数字贸易、文化贸易、商务会展"))
q(R, "zh", "北京高端产业片区的发展重点是什么？",
  (B, "高端产业片区重点发展商务服务、国际金融、文化创意、生物技术和大健康等产业"))
q(R, "en", "What is Beijing's science and technology innovation area supposed to become?",
  (B, "打造数字经济试验区、全球创业投资中心、科技体制改革先行示范区"))
q(R, "zh", "长沙片区重点发展哪些产业？",
  (H, "重点发展高端装备制造、新一代信息技术、生物医药、电子商务、农业科技等产业"))
q(R, "en", "What is the strategic focus of the Yueyang area?",
  (H, "岳阳片区重点对接长江经济带发展战略，突出临港经济"))
q(R, "zh", "郴州片区主要对接哪个区域、突出什么特色？",
  (H, "郴州片区重点对接粤港澳大湾区建设，突出湘港澳直通"))
q(R, "en", "What industries will the Chenzhou area develop?",
  (H, "重点发展有色金属加工、现代物流等产业"))
q(R, "zh", "岳阳片区要打造成什么样的中心？",
  (H, "打造长江中游综合性航运物流中心、内陆临港经济示范区"))
q(R, "en", "Is the Changsha area built around its airport or its river port?",
  (H, "长沙片区重点对接“一带一路”建设，突出临空经济"))
q(R, "zh", "合肥片区以哪些产业为发展重点？",
  (A, "合肥片区重点发展高端制造、集成电路、人工智能、新型显示、量子信息"))
q(R, "en", "What does the Wuhu area focus on?",
  (A, "芜湖片区重点发展智能网联汽车、智慧家电、航空、机器人"))
q(R, "zh", "蚌埠片区的主导产业是什么？",
  (A, "蚌埠片区重点发展硅基新材料、生物基新材料、新能源等产业"))
q(R, "en", "What is the Bengbu area aiming to become?",
  (A, "打造世界级硅基和生物基制造业中心"))
q(R, "zh", "芜湖片区的定位目标是什么？",
  (A, "打造战略性新兴产业先导区、江海联运国际物流枢纽区"))
q(R, "en", "What is the Hefei area meant to be a showcase for?",
  (A, "打造具有全球影响力的综合性国家科学中心和产业创新中心引领区"))
q(R, "zh", "宁波片区在油气方面的定位是什么？",
  (Z, "打造具有国际影响力的油气资源配置中心"))
q(R, "en", "What is the Hangzhou area of the Zhejiang FTZ supposed to lead in?",
  (Z, "杭州片区打造全国领先的新一代人工智能创新发展试验区"), (Z, "国家金融科技创新发展试验区"))
q(R, "zh", "金义片区要打造成什么样的城市名片？",
  (Z, "金义片区打造世界“小商品之都”"))
q(R, "en", "What kind of shipping hub is the Ningbo area meant to be?",
  (Z, "宁波片区建设链接内外、多式联运、辐射力强、成链集群的国际航运枢纽"))
q(R, "zh", "杭州片区在跨境电商方面的目标是什么？",
  (Z, "全球一流的跨境电商示范中心"))
q(R, "en", "What centres will be built in the Jinyi area?",
  (Z, "建设国际小商品自由贸易中心、数字贸易创新中心、内陆国际物流枢纽港"))
q(R, "zh", "郴州在钻石贸易方面有什么安排？",
  (H, "支持郴州开展实施“金伯利进程国际证书制度”"))
q(R, "en", "What new shipping route out of Yueyang does the Hunan plan support?",
  (H, "支持企业有序发展岳阳至香港水路直航航线"))
q(R, "zh", "岳阳在水果进口方面要建设什么？",
  (H, "建设岳阳水果进口指定监管场地"))
q(R, "en", "What industrial internet infrastructure is the Hefei area getting?",
  (A, "支持合肥片区建设工业互联网标识解析二级节点"))
q(R, "zh", "芜湖在航空方面要建设什么中心？",
  (A, "芜湖航空器维修保障中心"))
q(R, "en", "What does the Zhejiang plan want Yiwu's wholesale markets to do?",
  (Z, "支持义乌小商品城等市场拓展进口业务"))
q(R, "zh", "北京天竺综合保税区的发展方向是什么？",
  (B, "支持北京天竺综合保税区打造具有服务贸易特色的综合保税区"))
q(R, "en", "How will the Changsha Huanghua bonded zone work together with the airport?",
  (H, "实现长沙黄花综合保税区与长沙黄花国际机场航空口岸联动"))
q(R, "zh", "杭州和宁波的两个机场在航空中转方面有什么安排？",
  (Z, "支持杭州萧山国际机场、宁波栎社国际机场探索航空中转业务"))
q(R, "en", "How are the Ningbo-Zhoushan port and the inland port of Yiwu supposed to work together?",
  (Z, "推动宁波舟山港与义乌港双核港口一体化"))

# ---------------------------------------------------------------------------
# colloquial: business-style questions the document really answers
# ---------------------------------------------------------------------------
C = "colloquial"
q(C, "zh", "我们是一家外资旅行社，想在自贸区经营出境游业务，可以吗？",
  (A, "允许注册在自贸试验区内符合条件的外资旅行社从事除台湾地区以外的出境旅游业务"))
q(C, "en", "We are a foreign bank and would like to act as custodian for mutual funds in Beijing. Is there any opening for that?",
  (B, "允许更多外资银行获得证券投资基金托管资格"))
q(C, "zh", "我们是一家海外知名仲裁机构，能不能在北京自贸区设点办理仲裁案件？",
  (B, "允许境外知名仲裁及争议解决机构经北京市人民政府司法行政部门登记"),
  (B, "在区内设立业务机构，就国际商事、投资等领域民商事争议开展仲裁业务"))
q(C, "en", "We run a vocational training business abroad. Could we set up a wholly foreign-owned training school in the Anhui FTZ?",
  (A, "支持外商独资设立经营性教育培训和职业技能培训机构"))
q(C, "zh", "我们是外资拍卖行，想在北京自贸区做艺术品拍卖，行得通吗？",
  (B, "允许符合条件的外资企业开展面向全球的文化艺术品（非文物）展示、拍卖、交易业务"))
q(C, "en", "We're a foreign patent attorney firm. Could we open a permanent representative office in Beijing?",
  (B, "开展外国专利代理机构设立常驻代表机构试点工作"))
q(C, "zh", "我们是香港的金融机构，想入股湖南自贸区里的银行，有政策支持吗？",
  (H, "香港金融机构在自贸试验区进行新设、增资或参股区内金融机构"))
q(C, "en", "I'm an architect licensed in Hong Kong. Can I take on clients in the Hunan FTZ?",
  (H, "允许具有港澳执业资格的金融、建筑、规划等领域专业人才"))
q(C, "zh", "我们是一家外资保险经纪公司，在湖南自贸区能拓展哪些业务？",
  (H, "支持外资保险经纪公司参与开展关税保证保险、科技保险等业务"))
q(C, "en", "We export from Hunan through overseas warehouses. Can we bring the money home based on what we actually sell rather than what we shipped?",
  (H, "允许区内跨境电商海外仓出口企业根据实际销售情况回款"))
q(C, "zh", "我们是医药研发企业，研发要进口小剂量的特殊化学试剂，北京自贸区有什么便利？",
  (B, "适度放宽医药研发用小剂量特殊化学制剂的管理"), (B, "支持在区内建立备货仓库"))
q(C, "en", "Our medical device is urgently needed by hospitals but nothing similar is registered in China yet. Is there a faster approval route in Beijing?",
  (B, "对临床急需且我国尚无同品种产品获准注册的医疗器械加快审批"))
q(C, "zh", "我们有一架公务机，在北京自贸区维修报关有什么新办法？",
  (B, "试点开展公务机按照包修协议报关业务"))
q(C, "en", "We operate Chinese-owned ships under foreign flags. Can we carry foreign-trade containers along the coast using Ningbo-Zhoushan as a hub?",
  (Z, "允许中资非五星旗船开展以宁波舟山港为中转港的外贸集装箱沿海捎带业务"))
q(C, "zh", "我们做大豆进口生意，在浙江自贸区办检疫审批能先存港口再定加工厂吗？",
  (Z, "允许对非关税配额粮食以港口存放方式办理检验检疫审批"), (Z, "进口后再确定加工场所"))
q(C, "en", "We process imported beef. Does the Zhejiang plan do anything for businesses like ours?",
  (Z, "大力发展进境牛肉等高端动物蛋白加工贸易产业"))
q(C, "zh", "我们是矿产品贸易商，想在湖南自贸区做矿石混配，可以吗？有什么要求？",
  (H, "支持开展矿石混配业务"), (H, "相关矿产品入区须符合我国法律法规和重金属精矿等相关标准要求"))
q(C, "en", "We're a car dealer bringing in parallel-import vehicles. Is anything changing for us in Hunan?",
  (H, "制定平行进口汽车符合性整改标准和整改企业资质标准"))
q(C, "zh", "我们是汽修企业，进口维修零件做CCC认证很麻烦，湖南自贸区有简化吗？",
  (H, "简化汽车维修零部件CCC认证办理手续"))
q(C, "en", "We sell high-end machinery and ship equipment and spare parts back to the factory for after-sales repair. Will Anhui give us more time before they must return?",
  (A, "适当延长售后维修设备和备件返厂期限"))
q(C, "zh", "我们是跨国企业集团，想在北京做境内外成员公司之间的本外币资金归集，可以吗？",
  (B, "支持符合条件的跨国企业集团在境内外成员之间集中开展本外币资金余缺调剂和归集业务"))
q(C, "en", "We're moving our company from a coastal province into the Hunan FTZ. Do our existing licences and certifications carry over?",
  (H, "企业跨省迁入自贸试验区后，在履行必要的审核程序后继续享有原有资质、认证"))
q(C, "zh", "我们的外籍员工在北京自贸区看病，能不能直接用国际保险结算？",
  (B, "对境外人才发生的医疗费用，开展区内医院与国际保险实时结算试点"))
q(C, "en", "We're a fintech start-up in Beijing. Is there a supervised way to test new financial products?",
  (B, "充分发挥金融科技创新监管试点机制作用"),
  (B, "探索建立允许相关机构在可控范围内对新产品、新业务进行测试的监管机制"))
q(C, "zh", "我们是跨国公司，想在北京自贸区设立财务公司，有什么路径？",
  (B, "支持跨国公司通过在境内设立符合条件的投资性公司，依法合规设立财务公司"))
q(C, "en", "We're a foreign group planning an investment holding company in Hunan. Do we still need to have several existing ventures in China first?",
  (H, "取消对外国投资者在中国境内已设立外商投资企业的数量要求"))
q(C, "zh", "我们是一家汽车金融公司，在北京自贸区能做跨境融资吗？",
  (B, "支持区内汽车金融公司开展跨境融资"))
q(C, "en", "Our leasing group has a parent company and subsidiaries registered in the Beijing FTZ. Can they share one foreign debt quota?",
  (B, "允许区内注册的融资租赁母公司和子公司共享企业外债额度"))
q(C, "zh", "我们的网站主要服务海外客户，北京自贸区在网站备案上有什么新做法？",
  (B, "探索建立适应海外客户需求的网站备案制度"))
q(C, "en", "We trade oil and want to invest in the Zhejiang FTZ. Is market access for the oil and gas industry being opened up?",
  (Z, "研究放宽油气产业、数字经济、生命健康和新材料等战略性新兴产业集群市场准入"))
q(C, "zh", "我们是远洋渔业公司，能不能在浙江自贸区招外籍船员？",
  (Z, "探索开展远洋渔业引进外籍船员试点"))
q(C, "en", "We import coffee and cashews from Africa. Is Hunan encouraging that kind of trade?",
  (H, "支持扩大进口非洲咖啡、可可、腰果、鳀鱼等优质农产品"))
q(C, "zh", "我们是影视公司，出口影视作品退税太慢，湖南有什么改进？",
  (H, "加快影视产品出口退税办理进度"))
q(C, "en", "We want to show our food products at a trade fair in Hunan. Will our overseas factory need an on-site inspection to get temporary registration?",
  (H, "简化食品境外生产企业临时注册验核程序"), (H, "免于境外实地评审（特殊食品除外）"))
q(C, "zh", "我们是做电竞的公司，有没有哪个自贸区在规划电竞产业基地？",
  (H, "积极打造全球领先的5G视频和电子竞技产业基地"))
q(C, "en", "We run ships on the Wuhu–Shanghai route. Can we swap container space with other carriers on that line?",
  (A, "鼓励参与芜湖至上海“点到点”航线经营的各船运公司互换仓位"))
q(C, "zh", "我们是杭州片区的一家研究单位，进口科研设备能免税吗？",
  (Z, "对符合政策要求的区内单位进口科研设备免税"))
q(C, "en", "We're a Hong Kong university that recruits mainland students. Will Hunan let us enrol more students from the province?",
  (H, "鼓励具备内地招收资质的香港院校增加在湖南招生名额"))
q(C, "zh", "我们想在湖南自贸区但在综保区外做“两头在外”的飞机维修，能享受保税监管吗？",
  (H, "在综合保税区外开展“两头在外”航空维修业态实行保税监管"))
q(C, "en", "We manage private equity money and want to run matching onshore and offshore funds. Does the Beijing plan allow that?",
  (B, "支持依法合规地通过市场化方式设立境内外私募平行基金"))
q(C, "zh", "我们是安徽的科创小企业，自贸区里会有专门服务科技企业的银行和租赁公司吗？",
  (A, "设立商业银行科技支行、科技融资租赁公司等专门服务科创企业的金融组织"))
q(C, "en", "We make construction machinery abroad. Can we bring used machines into the Hunan FTZ's bonded zones for repair and remanufacturing and ship them out again?",
  (H, "综合保税区内积极开展“两头在外”的高技术含量、高附加值"),
  (H, "工程机械、通信设备、轨道交通装备、航空等保税维修和进口再制造"))

# ---------------------------------------------------------------------------
# unanswerable: the document does not answer (checked by grep)
# ---------------------------------------------------------------------------
U = "unanswerable"
q(U, "zh", "上海自贸试验区临港新片区的面积是多少？")
q(U, "en", "What zero-tariff treatment does the Hainan Free Trade Port offer importers?")
q(U, "zh", "广东自贸试验区前海蛇口片区有哪些金融开放措施？")
q(U, "en", "How large is the Tianjin pilot FTZ, and what are its sub-areas?")
q(U, "zh", "在自贸区内能否申请开设赌场或获得博彩牌照？")
q(U, "en", "Can we get a licence to run a cryptocurrency exchange in the Beijing FTZ?")
q(U, "zh", "在湖南自贸区工作的外籍高管适用多少的个人所得税税率？")
q(U, "en", "How many days can foreign tourists stay visa-free in the Zhejiang FTZ?")
q(U, "zh", "广西自贸试验区面向东盟的跨境金融有哪些政策？")
q(U, "en", "What is the maximum foreign shareholding allowed in a securities company in the Anhui FTZ?")
q(U, "zh", "外国人在北京自贸区内购买商品住房有什么限制？")
q(U, "en", "Is there a special minimum wage for workers in the Hunan FTZ?")
q(U, "zh", "重庆自贸试验区的片区是怎么划分的？")
q(U, "en", "What incentives does the Fujian FTZ offer Taiwanese businesses?")
q(U, "zh", "浙江自贸试验区原有的舟山片区面积是多少？")
q(U, "en", "What social insurance contribution rate do foreign employees pay in the Beijing FTZ?")
q(U, "zh", "在自贸区设立外商独资医院最低需要多少注册资本？")
q(U, "en", "How much cash subsidy, in yuan, does a high-level talent receive for moving to the Anhui FTZ?")
q(U, "zh", "北京自贸区管委会的办公地址和联系电话是什么？")
q(U, "en", "Can foreign law firms form joint ventures with Chinese law firms in the Hunan FTZ?")
q(U, "zh", "外资企业在自贸区能否开发网络游戏并申请游戏版号？")
q(U, "en", "How much can each traveller spend per year at the duty-free shops promoted in the Beijing plan?")
q(U, "zh", "在湖南自贸区，个人每年可以兑换多少美元外汇额度？")
q(U, "en", "What GDP or trade-volume target is set for the Hunan FTZ for 2025?")
q(U, "zh", "四川自贸试验区成都天府新区片区有哪些功能定位？")
q(U, "en", "Are there rules for road-testing self-driving cars in the Wuhu area?")
q(U, "zh", "河北自贸试验区雄安片区重点发展哪些产业？")
q(U, "en", "What interest rate applies to offshore yuan loans made through NRA accounts in the Beijing FTZ?")
q(U, "zh", "自贸区对工业大麻的种植和加工有什么政策？")
q(U, "en", "What is the price of industrial land per square metre in the Beijing FTZ?")
q(U, "zh", "云南自贸试验区对中老、中缅边境贸易有什么便利措施？")
q(U, "en", "How long is a foreigner's work permit valid for in the Zhejiang FTZ?")
q(U, "zh", "山东自贸试验区青岛片区有哪些海洋经济政策？")
q(U, "en", "What corporate income tax rate do integrated circuit companies pay in the Anhui FTZ?")
q(U, "zh", "在黑龙江自贸试验区开展对俄贸易有哪些便利？")
q(U, "en", "Can working in the Beijing FTZ help a foreigner get permanent residence faster?")
q(U, "zh", "江苏自贸试验区南京片区重点发展什么产业？")
q(U, "en", "What fines does the Zhejiang plan set for companies that break data export rules?")


# ---------------------------------------------------------------------------
# Second batch (added 2026-11-28): more multi_zone and unanswerable questions,
# because dev had become too small to calibrate "which zones" and "not found"
# on. Written blind to the system: the writers read only the document and
# these eval files, never the system's code, outputs or reports. Appended at
# the end so that the ids and splits of the first batch do not change; each
# group alternates dev/test from where the first batch left off.
# ---------------------------------------------------------------------------
q(M, "zh", "有哪些自贸区的方案点名要办好某个博览会、交易会或产业大会？",
  (H, "支持办好中国—非洲经贸博览会"),
  (H, "办好中国（湖南）国际矿物宝石博览会"),
  (A, "支持办好世界制造业大会、世界显示产业大会"),
  (B, "提升中国国际服务贸易交易会规格和能级"),
  (Z, "打造全球数字贸易博览会"))
q(M, "en", "Do any of these plans actually put blockchain to work, for example in trade finance, customs or supervision? Which ones?",
  (B, "依托人民银行贸易金融区块链平台"),
  (B, "依托区块链技术应用，整合高精尖制造业企业信息和信用数据"),
  (Z, "运用区块链技术，注重源头管理"),
  (H, "支持金融机构运用区块链、大数据、生物识别等技术"),
  (A, "运用互联网、大数据、人工智能、区块链等技术手段优化行政管理"))
q(M, "zh", "做农产品进出口生意，哪几个自贸区在通关或检验检疫环节给了便利？",
  (A, "优化鲜活农产品检验检疫流程，简化动植物检疫审批程序"),
  (Z, "创新粮食进口检疫审批制度"),
  (H, "开通农副产品快速通关“绿色通道”"))
q(M, "en", "We invoice our customers in yuan. Which of these FTZ plans push for wider cross-border use of the renminbi?",
  (H, "推进跨境人民币业务政策在对非跨境贸易"),
  (A, "重点推动贸易和投资领域的人民币跨境使用"),
  (B, "推动重点行业跨境人民币业务和外汇业务便利化"),
  (Z, "拓展跨境人民币结算通道"))
q(M, "zh", "想把药品进口到国内，哪些自贸区在药品进口口岸、医药物流或进口试点上有安排？",
  (A, "首次进口药品和生物制品口岸"),
  (H, "水果集散中心和进口医药物流中心"),
  (B, "开展跨境电子商务零售进口药品试点工作"))
q(M, "en", "We repair aircraft and handle aviation spare parts. Which FTZs have measures for aircraft maintenance?",
  (H, "“两头在外”航空维修业态实行保税监管"),
  (A, "芜湖航空器维修保障中心"),
  (B, "优化航材保税监管措施，降低航材运营成本"),
  (B, "试点开展公务机按照包修协议报关业务"))
q(M, "zh", "外资想进入教育培训领域，在哪几个自贸区能找到相应的开放措施？",
  (A, "支持外商独资设立经营性教育培训和职业技能培训机构"),
  (H, "探索在教育、工程咨询、会展、商务服务等领域"),
  (B, "探索引进考试机构及理工类国际教材"))
q(M, "en", "We're a pharma company that wants to run joint research with labs abroad. Which plans make international collaborative biomedical R&D easier?",
  (B, "简化国内生物医药研发主体开展国际合作研发的审批流程"),
  (H, "优化生物医药全球协同研发试验用特殊物品的检疫查验流程"),
  (Z, "与国内外医药科研院所开展合作"))
q(M, "zh", "外贸企业怎么提前知道贸易风险？哪些自贸区打算建立外贸风险预警机制？",
  (Z, "依托外贸风险快速预警综合平台，完善外贸预警机制"),
  (H, "建立贸易风险预警机制和政企互动机制"),
  (A, "完善进出口商品质量安全风险预警和快速反应监管体系"))
q(M, "en", "Which zones are building an airport-centred economy around their international airports?",
  (B, "打造临空经济创新引领示范区"),
  (Z, "加强杭州、宁波临空经济示范区与自贸试验区协同发展"),
  (H, "长沙片区重点对接“一带一路”建设，突出临空经济"))
q(M, "zh", "给科技型企业的保险产品，哪些自贸区提出要发展？",
  (A, "鼓励保险公司发展科技保险，拓宽服务领域"),
  (H, "参与开展关税保证保险、科技保险等业务"))
q(M, "en", "We produce films, TV series and animation. Which FTZ plans would help us trade that kind of content internationally?",
  (B, "打造国际影视动漫版权贸易平台"),
  (H, "加快影视产品出口退税办理进度"),
  (Z, "加快信息服务、文化贸易、技术贸易等新兴服务贸易发展"))
q(M, "zh", "我想就近找个知识产权服务站点咨询专利事务，哪些自贸区会设这种工作站？",
  (H, "建立知识产权服务工作站"),
  (A, "设立知识产权服务工作站"))
q(M, "en", "Our Chinese joint-venture partner wants to invest overseas. Which plans try to make outbound investment easier?",
  (B, "提高境外投资便利化水平，优化企业境外投资外汇管理流程"),
  (H, "属于省级备案管理范围的，可由自贸试验区备案管理"),
  (A, "完善境外投资政策和服务体系"))
q(M, "zh", "做医疗器械的企业，在哪几个自贸区能找到审批或研发方面的支持？",
  (B, "对临床急需且我国尚无同品种产品获准注册的医疗器械加快审批"),
  (B, "支持设立医疗器械创新北京服务站"),
  (A, "植入介入产品、体外诊断等关键共性技术研发"))
q(M, "en", "Our expat staff have international health insurance. Where are hospitals or insurers piloting direct cross-border settlement of medical costs?",
  (B, "开展区内医院与国际保险实时结算试点"),
  (A, "探索开展商业健康保险跨境结算试点"))
q(M, "zh", "我们是做工业机器人的，哪几个自贸区把机器人列为重点发展方向？",
  (A, "新能源汽车、新型显示、机器人等产业"),
  (Z, "围绕现代高档数控机床、机器人等智能装备及关键基础件"))
q(M, "en", "If I want to run offshore trade or other new forms of international trade from an FTZ, which plans support that?",
  (H, "支持离岸贸易业务和总部经济发展"),
  (Z, "支持企业按规定开展具有真实贸易背景的新型国际贸易"))
q(M, "zh", "出口退税办得慢，哪些自贸区在退税上有提速或新的试点？",
  (H, "积极推动扩大出口退税无纸化申报范围"),
  (Z, "研究在宁波舟山港实施启运港退税政策的可行性"))
q(M, "en", "We're a multinational group and want to pool our cash centrally across borders. Which zones make treasury pooling easier?",
  (B, "探索开展本外币合一跨境资金池试点"),
  (H, "放宽跨国公司外汇资金集中运营管理准入条件"))
q(M, "zh", "人民币和外币账户能不能合在一起管？哪些自贸区在搞本外币一体化方面的试点？",
  (Z, "开展本外币合一银行账户体系试点"),
  (B, "开展本外币一体化试点"))
q(M, "en", "Which plans offer fast-track examination or quick enforcement for patents and other IP rights?",
  (B, "建立专利快速审查、快速确权和快速维权的协同保护体系"),
  (H, "建立多元化知识产权争端解决与快速维权机制"))
q(M, "zh", "哪些自贸区要建设商品追溯或产品质量溯源体系？",
  (Z, "推进进出口产品质量溯源体系建设"),
  (B, "对区内企业、交易单据、人员、资金、商品等进行追溯和监管"))
q(M, "en", "We ship containers by river or sea and then on by rail. Which FTZs are building up multimodal transport?",
  (A, "加快建设多式联运基地"),
  (A, "鼓励建设中东部地区连接中亚、欧洲的铁水联运大通道"),
  (Z, "率先探索集装箱多式联运运单及电子运单标准应用"))

q(U, "zh", "湖南自贸区跨境电商零售出口企业按核定方式缴纳企业所得税时，应税所得率是多少？")  # grep: 所得率/应税/税率 0 hits; 核定征收 1 hit (Hunan: 对符合条件的跨境电商零售出口企业核定征收企业所得税), no rate given
q(U, "en", "What is the minimum fund size or capital a foreign GP must commit to launch a QFLP fund in the Hunan FTZ?")  # grep: QFLP 2 hits (Hunan: 开展…QFLP试点; Anhui: 研究开展QFLP政策试点), no fund size; the only amount nearby is 不低于2亿美元 for 投资性公司 foreign-investor assets, not QFLP; 亿元/万美元/注册资本(QFLP) absent
q(U, "zh", "宁波舟山港的启运港退税政策从什么时候起正式执行？")  # grep: 启运港退税 1 hit (Zhejiang: 研究在宁波舟山港实施启运港退税政策的可行性) - only a feasibility study, no start date; 实施日期/日 none relevant
q(U, "en", "By how many months does the Anhui FTZ extend the deadline for returning after-sales repair equipment and spare parts to the factory?")  # grep: 返厂 1 hit (Anhui: 适当延长售后维修设备和备件返厂期限) - no duration; 个月 0, 月 only in notice date
q(U, "zh", "浙江自贸区远洋渔业引进外籍船员试点中，一条渔船最多能雇用几名外籍船员？")  # grep: 外籍船员/远洋 1 hit (Zhejiang: 探索开展远洋渔业引进外籍船员试点) - no number or ratio; 比例 only for 金融机构外资持股
q(U, "en", "Under the Beijing FTZ's foreign talent quota scheme, how many foreign staff can one company hire?")  # grep: 配额 2 hits (Beijing: 试点开展外籍人才配额管理制度; Zhejiang: 非关税配额粮食) - no headcount; 名 no staff number
q(U, "zh", "境外仲裁机构想在北京自贸区设立业务机构，办理登记一般需要多少个工作日？")  # grep: 仲裁 (Beijing: 经北京市人民政府司法行政部门登记并报国务院司法行政部门备案) - procedure named, no processing time; 工作日/日内/时限/办结 0
q(U, "en", "Fruit from which countries is approved for import through the designated fruit inspection site in Yueyang?")  # grep: 水果 2 hits (Hunan: 建设岳阳水果进口指定监管场地; 黄花机场 水果集散中心) - no countries or fruit types; nearby only African coffee/cocoa/cashews/anchovies and cotton countries
q(U, "zh", "在郴州片区进口钻石，进口环节增值税和关税的税率分别是多少？")  # grep: 钻石 2 hits (Hunan: 积极承接钻石进出口及高端饰品加工贸易; 金伯利进程; 上海钻石交易所) - no rates; 增值税/税率 0
q(U, "en", "Which companies are licensed to supply bonded LNG bunker fuel to international ships at Ningbo-Zhoushan port?")  # grep: LNG/液化天然气 1 hit (Zhejiang: 允许液化天然气（LNG）作为国际航行船舶燃料享受保税政策), 加注 (东北亚燃料油加注中心) - no company named; 中石化/中石油/中海油/石化 0
q(U, "zh", "安徽自贸区的外资旅行社要开业满几年、营业额达到多少，才可以做出境游业务？")  # grep: 旅行社 1 hit (Anhui: 允许…符合条件的外资旅行社从事除台湾地区以外的出境旅游业务) - conditions unspecified; 年限/营业额 0
q(U, "en", "What is the maximum amount of foreign debt a Zhongguancun tech start-up can take on under the Beijing FTZ's cross-border financing reform?")  # grep: 外债/中关村 (Beijing: 自主决定跨境融资方式、金额和时机; 外债项下完全可兑换; 外债一次性登记) - no cap or amount; 上限/额度(only 融资租赁 shared 外债额度)/万/亿 none relevant
q(U, "zh", "合肥片区的跨境电商零售进口，单次和年度交易限值各是多少？")  # grep: 跨境电商零售进口 2 hits (Anhui: 支持合肥、芜湖片区开展跨境电商零售进口试点; Hunan 综保区 适用政策) - no limits; 限值/限额/单次/年度/5000/26000 0
q(U, "en", "How do we register a trademark for our brand in the Hangzhou area, and what is the official filing fee?")  # grep: 商标 0, 收费/手续费 0; 杭州 hits only area size/function and airport; 知识产权 hits are general IP protection, no trademark procedure or fee
q(U, "zh", "湖北自贸试验区武汉片区重点发展哪些产业？")  # grep: 湖北/武汉 0; nearby only Anhui 中部地区其他自贸试验区联动 and Hunan 长江经济带沿线自贸试验区合作, no Hubei content
q(U, "en", "How long does the new website filing process for overseas-facing websites in the Beijing FTZ take, and what documents must we submit?")  # grep: 网站备案 1 hit (Beijing: 探索建立适应海外客户需求的网站备案制度) - no duration or documents; ICP/增值电信/时限 0
q(U, "zh", "外资企业在自贸区里申请烟草或酒类专卖许可证，需要满足什么条件？")  # grep: 烟草/酒/专卖 0 - not covered
q(U, "en", "What are the priority industries of the Shaanxi pilot FTZ's Xi'an area?")  # grep: 陕西/西安 0 - other FTZ not in this notice
q(U, "zh", "自贸区内的企业申请增值税留抵退税，大概多久能到账？")  # grep: 增值税/留抵 0; 退税 hits are only 出口退税 (Hunan) and 启运港退税 (Zhejiang), no VAT credit refund or timing
q(U, "en", "What is the longest probation period we can put in employment contracts for local staff in the Anhui FTZ?")  # grep: 试用期/劳动合同 0; 劳动 1 hit (Beijing: 非标准就业形式下劳动保障服务) - nothing on probation


# ---------------------------------------------------------------------------
# Third batch (added 2026-12-01): 60 near-miss unanswerable questions (a related
# but different policy; another city or area; a number, date, department or
# share the document does not give; terms that occur but never together) and
# 40 colloquial answerable ones (10 of them multi_zone), half Chinese, half
# English. Written by reading the document only, before the system was run on
# them. Appended, and split by hash: within each (type, lang) group the new
# questions are ordered by the sha256 of their text and alternate dev/test,
# starting with the split the group is short of (see assign_splits).
# ---------------------------------------------------------------------------
BATCH3_START = len(QUESTIONS)
q(U, "zh", "北京自贸区会不会推出像上海那样的自由贸易账户（FT账户）？")  # a: Beijing has 本外币一体化 and NRA-account measures; FT accounts (自由贸易账户) never mentioned
q(U, "en", "Is there a QDLP pilot in the Hunan FTZ that lets fund managers raise money in China for overseas funds?")  # a: Hunan has inbound QFLP and ODI filing only; QDLP/QDIE never mentioned (Beijing's private-fund outbound facilitation is another zone)
q(U, "zh", "安徽方案对外资再保险公司或再保险业务有什么开放措施？")  # a: Anhui mentions 离岸保险, 科技保险, 跨境商业健康保险; 再保险 never mentioned
q(U, "en", "Will ships calling at Ningbo-Zhoushan be able to take on bonded methanol or hydrogen as fuel?")  # a: Zhejiang gives bonded treatment to LNG bunker fuel only; methanol/hydrogen not mentioned
q(U, "zh", "浙江自贸区能不能进口活牛，在当地屠宰加工？")  # a: Zhejiang supports 进境牛肉 processing; live cattle import (活牛) not mentioned
q(U, "en", "Does the Beijing plan support clinical research on gene therapy or gene editing?")  # a: Beijing supports stem-cell clinical research and DCT; gene therapy/editing absent (基因 only Anhui testing, Zhejiang GMO)
q(U, "zh", "外资企业能在北京自贸区开办营业性演出场所或演出经纪机构吗？")  # a: Beijing lets foreign firms exhibit/auction/trade artworks (非文物); performances/演出经纪 never mentioned
q(U, "zh", "湖南自贸区能不能开展人民币和非洲国家货币的直接兑换交易？")  # a: Hunan sets up 中非跨境人民币中心 and RMB settlement with Africa; direct RMB–African currency exchange not mentioned
q(U, "en", "Can foreign tourists shopping in the Zhejiang FTZ get an instant departure tax refund?")  # a: Zhejiang studies 启运港退税 (port-of-departure refund for exporters); tourist departure tax refund (离境退税) absent
q(U, "zh", "湖南自贸区对二手车出口有什么支持政策？")  # a: Hunan has parallel-import car conformity pilots; used-car export (二手车) never mentioned
q(U, "en", "Will a commodity futures exchange be set up in the Anhui FTZ?")  # a: Anhui only supports bonded delivery warehouses for commodity futures; no futures exchange
q(U, "en", "Does the Beijing plan allow real estate investment trusts (REITs) for infrastructure or property?")  # a: Beijing mentions IP securitisation, green credit ABS, auto-loan ABS; REITs never mentioned
q(U, "en", "Will foreign banks in the Beijing FTZ be allowed to underwrite corporate bonds?")  # a: Beijing lets more foreign banks get fund-custody qualification; bond underwriting (承销) absent
q(U, "zh", "湖南自贸区会设立黄金交易所或开展黄金进口业务吗？")  # a: Hunan has diamonds, gems/jade, ore blending; gold trading absent (黄金 only in 黄金水道)
q(U, "en", "Will Yueyang get a designated inspection site for imported meat?")  # a: Yueyang gets a designated site for imported fruit; no meat site in Hunan (beef only in Zhejiang)
q(U, "zh", "湖南自贸区株洲片区的面积有多大，主要发展什么？")  # b: Hunan areas are 长沙/岳阳/郴州; no 株洲 area
q(U, "en", "What industries will the Ma'anshan area of the Anhui FTZ focus on?")  # b: Anhui areas are Hefei/Wuhu/Bengbu; Ma'anshan (郑蒲港新区) only named as a linkage partner, not an area
q(U, "zh", "北京自贸区的大兴机场片区面积是多少？")  # b: Beijing areas are 科技创新/国际商务服务/高端产业; Daxing airport named but no Daxing area or size
q(U, "zh", "浙江自贸区扩展方案里的温州片区主要发展哪些产业？")  # b: Zhejiang extension areas are 宁波/杭州/金义; no Wenzhou
q(U, "en", "Which designated fruit import inspection site is planned in the Chenzhou area?")  # b: the fruit import designated site is in Yueyang (fruit hub at Changsha airport); nothing for Chenzhou
q(U, "zh", "蚌埠片区做跨境电商零售进口试点，有哪些具体政策？")  # b: Anhui names only 合肥、芜湖片区 for cross-border e-commerce retail import pilots; Bengbu not
q(U, "en", "What are the main industries of the Yizhuang (Beijing Economic-Technological Development Area) section of the Beijing FTZ?")  # b: Beijing plan names no Yizhuang section
q(U, "en", "Will Yiwu airport get fifth-freedom traffic rights under the Zhejiang plan?")  # b: fifth-freedom rights are sought for Hangzhou Xiaoshan and Ningbo Lishe airports only; Yiwu airport absent
q(U, "zh", "安徽自贸区安庆片区的功能定位是什么？")  # b: no 安庆 area in Anhui plan
q(U, "en", "What does the Hunan FTZ plan do to promote tourism in Zhangjiajie?")  # b: Zhangjiajie never mentioned; Hunan plan has no tourism measures
q(U, "en", "How large is the Jiaxing area of the Zhejiang FTZ extension?")  # b: Zhejiang extension areas are Ningbo/Hangzhou/Jinyi; no Jiaxing
q(U, "zh", "北京自贸区在城市副中心设了哪个片区，面积多大？")  # b: Beijing plan has measures for 城市副中心 but no area located there and no size
q(U, "zh", "衡阳综合保税区在湖南自贸区内的面积是多少？")  # b: Hunan's bonded zones are 长沙黄花/岳阳城陵矶/郴州; no 衡阳
q(U, "en", "Which China-Europe Railway Express service runs from the Wuhu area?")  # b: Anhui names 中欧班列（合肥） only; no Wuhu train service
q(U, "zh", "杭州片区的国家级油气储备基地建在哪里、规模有多大？")  # b: oil-gas reserve base is zone-wide and oil/gas allocation centre is the Ningbo area; nothing for Hangzhou, no size
q(U, "zh", "北京自贸区的跨境服务贸易负面清单由哪个部门制定，一共有多少条？")  # c: Beijing only says 试行跨境服务贸易负面清单管理模式; no department or item count
q(U, "zh", "中国—非洲经贸博览会多久举办一次，首届是哪一年？")  # c: Hunan supports hosting the expo; no frequency or year given
q(U, "en", "What share of China's national crude oil reserves will the Zhejiang oil and gas reserve base hold?")  # c: Zhejiang plans a national-level oil-gas reserve base; no share or capacity given (no percentages in the document)
q(U, "en", "How much money will the National Advanced Manufacturing Industry Investment Fund put into companies in the Anhui FTZ?")  # c: Anhui encourages the fund to invest in NEV, display, robotics; no amount
q(U, "en", "Which ministry approves Beijing's pilot for importing medicines through cross-border e-commerce retail?")  # c: Beijing says only 具体按程序报批; no ministry named
q(U, "zh", "北京方案说要下放国际快递（代理）业务的经营许可审批，具体下放给哪个部门？")  # c: Beijing only says 下放国际快递业务（代理）经营许可审批权 with no recipient (only Zhejiang names 浙江省邮政管理局)
q(U, "en", "By what year should every exporter in Hunan be able to file export tax refunds paperlessly?")  # c: Hunan says 尽快覆盖管理类别为一、二、三类的出口企业; no year
q(U, "zh", "合肥综合性国家科学中心的框架体系要在哪一年建成？")  # c: Anhui says 推动建成...框架体系 with no year
q(U, "zh", "浙江自贸区到2025年营商环境便利度要排进全国前几名？")  # c: Zhejiang says only 位居全国前列; no rank
q(U, "zh", "北京城市副中心那个金融风险监测预警和监管创新的联合实验室，由哪几家单位共建？")  # c: Beijing says it is set up under guidance of 国家金融监管机构等; no co-builders named
q(U, "zh", "岳阳至香港的水路直航航线每周开几个班次？")  # c: Hunan supports the Yueyang–HK direct route; no frequency
q(U, "en", "What is the budget for building the Hefei Advanced Light Source?")  # c: Anhui supports pre-research for the light source; no budget
q(U, "en", "By what year is the Yongjin railway double-stack container pilot supposed to be finished?")  # c: Zhejiang supports the pilot; no date
q(U, "en", "What is the maximum loan-to-value ratio for intellectual property pledge loans in the Beijing FTZ?")  # c: Beijing improves IP pledge registration and risk sharing; no ratio
q(U, "en", "Which department in Hunan will run the provincial Belt and Road investment service platform?")  # c: Hunan sets up the platform; no operator/department named
q(U, "en", "What does the Zhejiang plan say about piloting the digital RMB in Hangzhou?")  # d: the legal digital currency pilot zone is only in the Beijing plan; Zhejiang never mentions digital currency
q(U, "zh", "湖南自贸区的离岸保险业务怎么开展？")  # d: 离岸保险 is only in Anhui; Hunan has 离岸贸易 but not offshore insurance
q(U, "zh", "合肥片区会争取第五航权吗？")  # d: fifth-freedom rights appear for Beijing, Hunan (Changsha), Zhejiang airports; Anhui plan has no 航权
q(U, "en", "What are the rules for QFLP pilots in the Beijing FTZ?")  # d: QFLP only in Hunan and Anhui plans
q(U, "zh", "浙江自贸区对免税店政策有什么说法？")  # d: 免税店 only in Beijing; Zhejiang's 免税 is duty-free research equipment only
q(U, "en", "Does the Hunan plan support stem cell clinical research?")  # d: stem-cell research only in Beijing and Anhui plans
q(U, "zh", "安徽方案对海外文物回流有什么税收支持？")  # d: 文物回流 only in Beijing (tax policy) and Hunan; not Anhui
q(U, "en", "Which China-Europe Railway Express services does the Beijing plan support?")  # d: China-Europe trains only in Hunan (Changsha) and Anhui (Hefei)
q(U, "en", "What does the Zhejiang extension plan do to promote trade with African countries?")  # d: Africa cooperation only in the Hunan plan; Zhejiang never mentions Africa
q(U, "zh", "湖南方案对量子通信产业有什么布局？")  # d: quantum only in the Anhui plan
q(U, "en", "What does the Beijing plan say about oil and gas trading?")  # d: oil and gas only in the Zhejiang plan
q(U, "zh", "浙江自贸区要设立什么样的碳排放权交易中心？")  # d: carbon trading centre only in Beijing; Zhejiang's 碳 is 先进碳材料
q(U, "en", "Can companies in the Beijing FTZ do barter trade?")  # d: barter trade only in Hunan (China-Africa) and Zhejiang plans
q(U, "zh", "安徽自贸区的跨境电商零售出口企业能不能核定征收企业所得税？")  # d: deemed (核定) corporate income tax for CBEC retail exporters only in Hunan
q(U, "zh", "北京方案怎么支持企业在国外建海外仓？")  # d: overseas warehouses only in Hunan, Anhui, Zhejiang plans
q(C, "zh", "我们是一家国外的考试机构，想把我们的考试项目引进北京自贸区，有这方面的政策吗？", (B, "探索引进考试机构及理工类国际教材"))  # answerable: beijing
q(C, "zh", "我们公司经常要访问境外网络，速度很慢，北京自贸区会不会搭建专门的国际数据通道？", (B, "探索构建安全便利的国际互联网数据专用通道"))  # answerable: beijing
q(C, "zh", "北京会不会搞那种一边逛街购物、一边就把登机手续办了的试点？", (B, "探索消费、预办登机一体化试点"))  # answerable: beijing
q(C, "zh", "我们做医疗器械和基因研究，审批事项多，北京自贸区会设就近办事的服务站吗？", (B, "支持设立医疗器械创新北京服务站和人类遗传资源服务站"))  # answerable: beijing
q(C, "zh", "在北京自贸区拿地建项目，是不是每个项目都得自己单独做一遍评估？有没有改革？", (B, "“区域评估+标准地+告知承诺制+政府配套服务”改革"))  # answerable: beijing
q(C, "zh", "在湖南自贸区开一家店要跑好几个许可证，能不能一个行业只办一张证？", (H, "推进“一业一证”改革"))  # answerable: hunan
q(C, "zh", "我们要带一批天然矿物晶体去湖南的矿物宝石博览会展出，海关会按什么类别归类？", (H, "按观赏类标本晶体归类"))  # answerable: hunan
q(C, "zh", "我想在湖南自贸区开一家帮个人换外币的兑换店，政策上有空间吗？", (H, "支持个人本外币兑换特许业务试点稳妥开展"))  # answerable: hunan
q(C, "zh", "我是香港学生，毕业后想去湖南读高职，那边的学校能招我吗？", (H, "支持湖南省对本省高职院校招收香港学生实行备案"))  # answerable: hunan
q(C, "zh", "我们是湖南自贸区里的加工贸易企业，把半成品转给下游工厂接着加工，有什么便利？", (H, "支持区内企业开展深加工结转，优化出口退税手续"))  # answerable: hunan
q(C, "zh", "我们是一家刚起步的科技公司，能不能去用合肥那些国家级大装置和大型仪器做实验？", (A, "推动国家重大科研基础设施和大型科研仪器向相关产业创业者开放"))  # answerable: anhui
q(C, "zh", "我们想让技术骨干出钱跟投、持股，安徽自贸区鼓励这种长期激励的做法吗？", (A, "核心团队持股跟投等中长期激励方案"))  # answerable: anhui
q(C, "zh", "我们是私募基金管理人，想在安徽自贸区的金融小镇落户做私募业务，可以吗？", (A, "支持自贸试验区内金融小镇依法依规开展私募投资基金服务"))  # answerable: anhui
q(C, "zh", "在浙江自贸区刚领到营业执照，是不是马上就能开门营业？", (Z, "承诺并提交有关材料后，即可依法开展投资经营活动"))  # answerable: zhejiang
q(C, "zh", "我们做船舶加油生意，浙江自贸区在船用燃料油加注这块有什么打算？", (Z, "合力打造东北亚燃料油加注中心"), (Z, "构建长三角港口群跨港区供油体系"))  # answerable: zhejiang
q(C, "en", "We're sending engineers to Beijing for R&D work, trade shows and training. Will it be easier for them to get visas?", (B, "为研发、执业、参展、交流、培训等高端人才提供签证便利"))  # answerable: beijing
q(C, "en", "We're a foreign investor and want to buy into a Chinese company through the Beijing equity exchange. Can cross-border deals go through it?", (B, "允许通过北京产权交易所等依法合规开展实物资产"), (B, "股权转让、增资扩股的跨境交易"))  # answerable: beijing
q(C, "en", "We sign contracts electronically with overseas partners. Will digital certificates and e-signatures be recognised across borders in Beijing?", (B, "促进数字证书和电子签名的国际互认"))  # answerable: beijing
q(C, "en", "I'm a freelancer doing gig work in the Beijing FTZ. Is anything being done about labour protection for people like me?", (B, "探索优化非标准就业形式下劳动保障服务"))  # answerable: beijing
q(C, "en", "We're bringing valuable artworks into a bonded zone in Beijing for an exhibition. Is there a guarantee-based customs arrangement for that?", (B, "探索创新综合保税区内国际高端艺术展品担保监管模式"))  # answerable: beijing
q(C, "en", "If our company ends up in a financial lawsuit in Beijing, is there a fast track in the courts?", (B, "为金融诉讼提供绿色通道"))  # answerable: beijing
q(C, "en", "Our export shipment is held at customs in Hunan because of a patent dispute. Can we post a guarantee and get the goods released?", (H, "创新出口货物专利纠纷担保放行方式"))  # answerable: hunan
q(C, "en", "I'm from Macao and want to work in a service business in the Hunan FTZ. Will I be treated the same as mainland residents?", (H, "允许港澳人员在自贸试验区从事相关服务业并享受国民待遇"))  # answerable: hunan
q(C, "en", "We sell African handicrafts and other non-mineral goods into China. Is Hunan building a hub where we could trade them?", (H, "建设非洲在华非资源性产品集散和交易中心"))  # answerable: hunan
q(C, "en", "We want to lease high-end machines from abroad that nobody in China can make. Does Hunan support importing equipment through leasing?", (H, "支持进口租赁国内不能生产或性能不能满足需要的高端装备"))  # answerable: hunan
q(C, "en", "We're planning a big foreign-funded project in Anhui. Will someone on the government side be assigned to look after it from start to finish?", (A, "实施重大外资项目包保服务机制"))  # answerable: anhui
q(C, "en", "We're a commercial bank operating in the Anhui FTZ. Could we set up a financial asset investment company?", (A, "探索设立金融资产投资公司"))  # answerable: anhui
q(C, "en", "We design chips in the Anhui FTZ. Will it be easier for us to be recognised as a high-tech enterprise?", (A, "从事集成电路、人工智能、生物医药、民用航空等关键领域核心环节"), (A, "积极认定高新技术企业"))  # answerable: anhui
q(C, "en", "We're a cross-border e-commerce seller. Can we set up a base in Zhejiang for re-exporting and distributing goods to other countries?", (Z, "支持境内外跨境电商企业建设国际转口配送基地"))  # answerable: zhejiang
q(C, "en", "We trade metals on futures exchanges. Can bonded warehouses for futures delivery be set up in the Anhui FTZ?", (A, "设立大宗商品期货保税交割库"))  # answerable: anhui
q(M, "zh", "我们是做融资租赁的，哪些自贸区对租赁企业有专门的政策？", (H, "鼓励融资租赁企业在区内设立项目子公司"), (B, "允许区内注册的融资租赁母公司和子公司共享企业外债额度"), (A, "科技融资租赁公司等专门服务科创企业的金融组织"))  # grep 租赁: beijing, hunan, anhui; none in zhejiang
q(M, "zh", "我们要在自贸区盖厂房，哪几个自贸区在工程建设项目审批上有改革措施？", (B, "实行告知承诺制和设计人员终身负责制等工程建设领域审批制度改革"), (H, "进一步深化工程建设项目审批制度改革"), (A, "进一步深化工程建设项目审批制度改革"), (Z, "实施告知承诺制和设计人员终身负责制等工程建设领域审批制度改革"))  # grep 工程建设: all four plans
q(M, "zh", "我们主要做长三角的生意，哪些自贸区的方案提到了长三角一体化？", (A, "推动长三角地区自贸试验区协同发展"), (Z, "长三角区域一体化发展等国家战略叠加优势"))  # grep 长三角: anhui, zhejiang only
q(M, "zh", "上下游之间的生态补偿，哪些自贸区的方案有涉及？", (H, "探索完善异地开发生态保护补偿机制"), (A, "推广新安江流域生态补偿机制"))  # grep 补偿: hunan, anhui only
q(M, "zh", "我们实验室的技术要放大做中间试验，哪些自贸区对中试环节有支持？", (H, "促进科技成果转化中试"), (Z, "自主研发、中试转化、装备定型"))  # grep 中试: hunan, zhejiang only
q(M, "en", "Can the local FTZ authorities draw up their own investment-promotion policies for us? Which plans allow that?", (B, "鼓励在法定权限内制定投资和产业促进政策"), (A, "鼓励自贸试验区在法定权限内制定外商投资促进政策"))  # grep 法定权限 / 促进政策: beijing, anhui only
q(M, "en", "We're worried about our trade secrets. Which FTZ plans promise better protection for them?", (B, "探索国际数字产品专利、版权、商业秘密等知识产权保护制度建设"), (Z, "加大对专利、版权、企业商业秘密等权利及数据的保护力度"))  # grep 商业秘密: beijing, zhejiang only
q(M, "en", "Our business runs along the Yangtze. Which of these plans tie their FTZ into the Yangtze River Economic Belt strategy?", (H, "积极推进长江经济带沿线自贸试验区合作共建"), (A, "支持安徽自贸试验区与长江经济带、中部地区其他自贸试验区联动发展"), (Z, "长江经济带发展、长三角区域一体化发展等国家战略叠加优势"))  # grep 长江经济带: hunan, anhui, zhejiang; none in beijing
q(M, "en", "We make 5G equipment. Which of these FTZ plans explicitly talk about 5G?", (H, "促进5G和人工智能技术应用"), (A, "AI、5G与实体经济、制造业的系列化融合应用"), (Z, "加大5G、物联网、工业互联网、人工智能、数据中心等新型基础设施建设力度"))  # grep 5G: hunan, anhui, zhejiang; none in beijing
q(M, "en", "If we get into a commercial dispute, we'd rather settle it through mediation than go to court. Which plans build up mediation?", (B, "积极完善公证、调解、仲裁、行政裁决、行政复议、诉讼等有机衔接"), (H, "建立商事纠纷诉前调解、仲裁制度"), (Z, "健全完善诉讼、仲裁、调解等有机衔接、相互协调的国际商事多元化纠纷解决机制"))  # grep 调解: beijing, hunan, zhejiang; none in anhui

def assign_splits(items):
    groups = collections.OrderedDict()
    for it in items[:BATCH3_START]:
        groups.setdefault((it["type"], it["lang"]), []).append(it)
    for k, key in enumerate(sorted(groups)):
        first, second = ("dev", "test") if k % 2 == 0 else ("test", "dev")
        for i, it in enumerate(groups[key]):
            it["split"] = first if i % 2 == 0 else second
    # The third batch: by hash of the text, balanced within each group.
    new = collections.OrderedDict()
    for it in items[BATCH3_START:]:
        new.setdefault((it["type"], it["lang"]), []).append(it)
    for key, members in new.items():
        old = [it["split"] for it in groups.get(key, [])]
        first = "dev" if old.count("dev") <= old.count("test") else "test"
        second = "test" if first == "dev" else "dev"
        members.sort(key=lambda it: hashlib.sha256(it["question"].encode("utf-8")).hexdigest())
        for i, it in enumerate(members):
            it["split"] = first if i % 2 == 0 else second


def main():
    assign_splits(QUESTIONS)
    with open(OUT, "w", encoding="utf-8") as f:
        for n, it in enumerate(QUESTIONS, 1):
            rec = {
                "id": "q%04d" % n,
                "split": it["split"],
                "lang": it["lang"],
                "type": it["type"],
                "question": it["question"],
                "zones": it["zones"],
                "evidence": it["evidence"],
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("wrote %d questions to %s" % (len(QUESTIONS), OUT))


if __name__ == "__main__":
    main()
