// The sample bank's organisation: head office → tier-1 branches (one per province) → tier-2 branches
// (cities, or district groups in the municipalities) → outlets (支行). The tree is fixed data, not random,
// so dim_org.csv is the same for every seed and names can be quoted in docs and tests.
import type { OrgLevel } from "../codes.ts";
import { sample, weighted, type Rng, type Weighted } from "./rng.ts";

export interface OrgUnit {
  org_code: string;
  org_name_zh: string;
  org_name_en: string;
  org_level: OrgLevel;
  parent_code: string;
  tier1_code: string;
  region: string;
  province: string;
  /** Intensity denominators (docs/design.md §5): set for tier-1 branches and the head office only. */
  customers: number | null;
  outlets: number | null;
}

type Place = readonly [zh: string, en: string];
interface Tier1Spec {
  code: string;
  province: Place;
  region: string;
  /** Retail customers of the province; the head office row is the sum. */
  customers: number;
  /** The province's whole outlet network (the denominator), larger than the sample of outlets listed here. */
  outlets: number;
  /** Municipalities group districts under tier-2 units named `<city><district>分行`. */
  municipality: boolean;
  tier2: readonly (readonly [city: Place, outlets: readonly Place[]])[];
}

const TIER1: readonly Tier1Spec[] = [
  {
    code: "SH",
    province: ["上海", "Shanghai"],
    region: "华东",
    customers: 6_200_000,
    outlets: 320,
    municipality: true,
    tier2: [
      [
        ["浦东", "Pudong"],
        [
          ["浦东", "Pudong"],
          ["陆家嘴", "Lujiazui"],
          ["张江", "Zhangjiang"],
        ],
      ],
      [
        ["黄浦", "Huangpu"],
        [
          ["外滩", "Waitan"],
          ["南京东路", "Nanjing East Road"],
        ],
      ],
      [
        ["徐汇", "Xuhui"],
        [
          ["徐家汇", "Xujiahui"],
          ["漕河泾", "Caohejing"],
          ["田林", "Tianlin"],
          ["龙华", "Longhua"],
        ],
      ],
    ],
  },
  {
    code: "BJ",
    province: ["北京", "Beijing"],
    region: "华北",
    customers: 5_400_000,
    outlets: 290,
    municipality: true,
    tier2: [
      [
        ["海淀", "Haidian"],
        [
          ["中关村", "Zhongguancun"],
          ["海淀", "Haidian"],
          ["五道口", "Wudaokou"],
        ],
      ],
      [
        ["朝阳", "Chaoyang"],
        [
          ["国贸", "Guomao"],
          ["望京", "Wangjing"],
          ["亚运村", "Yayuncun"],
        ],
      ],
      [
        ["西城", "Xicheng"],
        [
          ["金融街", "Jinrongjie"],
          ["西单", "Xidan"],
        ],
      ],
    ],
  },
  {
    code: "JS",
    province: ["江苏", "Jiangsu"],
    region: "华东",
    customers: 7_800_000,
    outlets: 520,
    municipality: false,
    tier2: [
      [
        ["南京", "Nanjing"],
        [
          ["新街口", "Xinjiekou"],
          ["河西", "Hexi"],
          ["江宁", "Jiangning"],
        ],
      ],
      [
        ["苏州", "Suzhou"],
        [
          ["工业园区", "Industrial Park"],
          ["姑苏", "Gusu"],
          ["昆山", "Kunshan"],
          ["吴江", "Wujiang"],
        ],
      ],
      [
        ["无锡", "Wuxi"],
        [
          ["梁溪", "Liangxi"],
          ["滨湖", "Binhu"],
        ],
      ],
    ],
  },
  {
    code: "ZJ",
    province: ["浙江", "Zhejiang"],
    region: "华东",
    customers: 6_900_000,
    outlets: 460,
    municipality: false,
    tier2: [
      [
        ["杭州", "Hangzhou"],
        [
          ["西湖", "Xihu"],
          ["滨江", "Binjiang"],
          ["萧山", "Xiaoshan"],
        ],
      ],
      [
        ["宁波", "Ningbo"],
        [
          ["鄞州", "Yinzhou"],
          ["海曙", "Haishu"],
        ],
      ],
      [
        ["温州", "Wenzhou"],
        [
          ["鹿城", "Lucheng"],
          ["瑞安", "Rui'an"],
          ["乐清", "Yueqing"],
        ],
      ],
    ],
  },
  {
    code: "GD",
    province: ["广东", "Guangdong"],
    region: "华南",
    customers: 8_000_000,
    outlets: 610,
    municipality: false,
    tier2: [
      [
        ["广州", "Guangzhou"],
        [
          ["天河", "Tianhe"],
          ["越秀", "Yuexiu"],
          ["番禺", "Panyu"],
          ["白云", "Baiyun"],
        ],
      ],
      [
        ["深圳", "Shenzhen"],
        [
          ["福田", "Futian"],
          ["南山", "Nanshan"],
          ["宝安", "Bao'an"],
        ],
      ],
      [
        ["东莞", "Dongguan"],
        [
          ["南城", "Nancheng"],
          ["长安", "Chang'an"],
        ],
      ],
    ],
  },
  {
    code: "SC",
    province: ["四川", "Sichuan"],
    region: "西南",
    customers: 4_600_000,
    outlets: 380,
    municipality: false,
    tier2: [
      [
        ["成都", "Chengdu"],
        [
          ["锦江", "Jinjiang"],
          ["高新", "Gaoxin"],
          ["武侯", "Wuhou"],
          ["天府新区", "Tianfu New Area"],
        ],
      ],
      [
        ["绵阳", "Mianyang"],
        [
          ["涪城", "Fucheng"],
          ["游仙", "Youxian"],
        ],
      ],
    ],
  },
  {
    code: "CQ",
    province: ["重庆", "Chongqing"],
    region: "西南",
    customers: 2_300_000,
    outlets: 210,
    municipality: true,
    tier2: [
      [
        ["渝中", "Yuzhong"],
        [
          ["解放碑", "Jiefangbei"],
          ["朝天门", "Chaotianmen"],
        ],
      ],
      [
        ["江北", "Jiangbei"],
        [
          ["观音桥", "Guanyinqiao"],
          ["江北嘴", "Jiangbeizui"],
          ["北滨", "Beibin"],
        ],
      ],
    ],
  },
  {
    code: "HB",
    province: ["湖北", "Hubei"],
    region: "华中",
    customers: 3_200_000,
    outlets: 300,
    municipality: false,
    tier2: [
      [
        ["武汉", "Wuhan"],
        [
          ["江汉", "Jianghan"],
          ["武昌", "Wuchang"],
          ["光谷", "Optics Valley"],
        ],
      ],
      [
        ["宜昌", "Yichang"],
        [
          ["西陵", "Xiling"],
          ["夷陵", "Yiling"],
        ],
      ],
      [
        ["襄阳", "Xiangyang"],
        [
          ["樊城", "Fancheng"],
          ["襄城", "Xiangcheng"],
        ],
      ],
    ],
  },
  {
    code: "SN",
    province: ["陕西", "Shaanxi"],
    region: "西北",
    customers: 1_900_000,
    outlets: 190,
    municipality: false,
    tier2: [
      [
        ["西安", "Xi'an"],
        [
          ["雁塔", "Yanta"],
          ["碑林", "Beilin"],
          ["未央", "Weiyang"],
          ["高新", "Gaoxin"],
        ],
      ],
      [
        ["宝鸡", "Baoji"],
        [
          ["渭滨", "Weibin"],
          ["金台", "Jintai"],
        ],
      ],
    ],
  },
  {
    code: "LN",
    province: ["辽宁", "Liaoning"],
    region: "东北",
    customers: 2_800_000,
    outlets: 260,
    municipality: false,
    tier2: [
      [
        ["沈阳", "Shenyang"],
        [
          ["和平", "Heping"],
          ["沈河", "Shenhe"],
        ],
      ],
      [
        ["大连", "Dalian"],
        [
          ["中山", "Zhongshan"],
          ["沙河口", "Shahekou"],
          ["金州", "Jinzhou"],
        ],
      ],
    ],
  },
];

const pad2 = (n: number) => String(n).padStart(2, "0");

/** The org tree, in dim_org order (each unit after its parent). */
export function buildOrgUnits(): OrgUnit[] {
  const units: OrgUnit[] = [];
  const head: OrgUnit = {
    org_code: "HO",
    org_name_zh: "总行",
    org_name_en: "Head Office",
    org_level: "head_office",
    parent_code: "",
    tier1_code: "",
    region: "",
    province: "",
    customers: 0,
    outlets: 0,
  };
  units.push(head);
  for (const t1 of TIER1) {
    const [provinceZh, provinceEn] = t1.province;
    head.customers! += t1.customers;
    head.outlets! += t1.outlets;
    const common = { tier1_code: t1.code, region: t1.region, province: provinceZh };
    units.push({
      ...common,
      org_code: t1.code,
      org_name_zh: `${provinceZh}分行`,
      org_name_en: `${provinceEn} Branch`,
      org_level: "tier1",
      parent_code: "HO",
      customers: t1.customers,
      outlets: t1.outlets,
    });
    t1.tier2.forEach(([[cityZh, cityEn], outlets], i) => {
      const tier2Code = `${t1.code}${pad2(i + 1)}`;
      const tier2Zh = t1.municipality ? `${provinceZh}${cityZh}分行` : `${cityZh}分行`;
      const tier2En = t1.municipality ? `${provinceEn} ${cityEn} Branch` : `${cityEn} Branch`;
      units.push({
        ...common,
        org_code: tier2Code,
        org_name_zh: tier2Zh,
        org_name_en: tier2En,
        org_level: "tier2",
        parent_code: t1.code,
        customers: null,
        outlets: null,
      });
      // Outlets carry the name of the branch that runs them: 上海分行陆家嘴支行, 苏州分行姑苏支行.
      const ownerZh = t1.municipality ? provinceZh : cityZh;
      const ownerEn = t1.municipality ? provinceEn : cityEn;
      outlets.forEach(([districtZh, districtEn], j) => {
        units.push({
          ...common,
          org_code: `${tier2Code}${pad2(j + 1)}`,
          org_name_zh: `${ownerZh}分行${districtZh}支行`,
          org_name_en: `${ownerEn} ${districtEn} Sub-branch`,
          org_level: "outlet",
          parent_code: tier2Code,
          customers: null,
          outlets: null,
        });
      });
    });
  }
  const names = new Set(units.map((u) => u.org_name_zh));
  if (names.size !== units.length) throw new Error("orgs: org_name_zh must be unique (branch exports resolve by name)");
  return units;
}

export const DIM_ORG_HEADER = [
  "org_code",
  "org_name_zh",
  "org_name_en",
  "org_level",
  "parent_code",
  "tier1_code",
  "region",
  "province",
  "customers",
  "outlets",
] as const;

/** dim_org.csv: UTF-8, LF, header as in pipelines/README.md. No value needs quoting. */
export function dimOrgCsv(units: readonly OrgUnit[]): string {
  const lines = [DIM_ORG_HEADER.join(",")];
  for (const u of units) {
    lines.push(DIM_ORG_HEADER.map((column) => u[column] ?? "").join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** The org tree with lookups and the draws complaints need. */
export class OrgDirectory {
  readonly units: readonly OrgUnit[];
  readonly byCode: ReadonlyMap<string, OrgUnit>;
  readonly tier2: readonly OrgUnit[];
  readonly outlets: readonly OrgUnit[];
  private readonly outletTable: Weighted<OrgUnit>;
  private readonly tier2Table: Weighted<OrgUnit>;
  private readonly tier1Table: Weighted<OrgUnit>;

  constructor(units: readonly OrgUnit[] = buildOrgUnits()) {
    this.units = units;
    this.byCode = new Map(units.map((u) => [u.org_code, u]));
    this.tier2 = units.filter((u) => u.org_level === "tier2");
    this.outlets = units.filter((u) => u.org_level === "outlet");
    const tier1 = units.filter((u) => u.org_level === "tier1");
    const customersOf = (u: OrgUnit) => this.byCode.get(u.tier1_code)!.customers ?? 0;
    // Complaint volume follows the customer base: a unit's weight is its province's customers shared
    // among the province's units of the same level.
    const share = (list: readonly OrgUnit[]) => {
      const perProvince = new Map<string, number>();
      for (const u of list) perProvince.set(u.tier1_code, (perProvince.get(u.tier1_code) ?? 0) + 1);
      return weighted(list.map((u) => [u, customersOf(u) / perProvince.get(u.tier1_code)!] as const));
    };
    this.outletTable = share(this.outlets);
    this.tier2Table = share(this.tier2);
    this.tier1Table = weighted(tier1.map((u) => [u, u.customers ?? 0] as const));
  }

  get(code: string): OrgUnit {
    const unit = this.byCode.get(code);
    if (!unit) throw new Error(`orgs: unknown org_code "${code}"`);
    return unit;
  }

  /** Whether `code` is `ancestor` or lies below it. */
  isWithin(code: string, ancestor: string): boolean {
    for (let unit = this.byCode.get(code); unit; unit = this.byCode.get(unit.parent_code)) {
      if (unit.org_code === ancestor) return true;
    }
    return false;
  }

  randomOutlet(rng: Rng): OrgUnit {
    return sample(rng, this.outletTable);
  }

  /**
   * The unit a remote (hotline, e-channel) complaint is assigned to: usually the customer's outlet, some
   * handled by a tier-2 branch or by the tier-1 branch (card centres, loan centres).
   */
  randomResponsibleUnit(rng: Rng): OrgUnit {
    const u = rng.next();
    if (u < 0.85) return sample(rng, this.outletTable);
    if (u < 0.95) return sample(rng, this.tier2Table);
    return sample(rng, this.tier1Table);
  }
}
