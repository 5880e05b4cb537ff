using System.Globalization;

namespace RevivalAnalytics.Data.Generation;

/// <summary>
/// Fake personal data. Names are drawn from common characters; ID numbers have the GB 11643 layout (area code,
/// birth date, sequence) but a check digit that is deliberately wrong, so no generated number can be a real
/// person's; phone numbers start with "10", which no Chinese mobile number does.
/// </summary>
internal static class FakeIdentity
{
    private static readonly string[] s_surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
        "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
        "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜",
        "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史",
        "牛", "乔", "申", "武", "霍", "温", "侯", "段", "雷", "常",
    ];

    private static readonly string[] s_givenCharacters =
    [
        "建", "国", "华", "明", "军", "平", "伟", "强", "文", "志", "春", "秀", "英", "兰", "芳", "红", "玉", "海", "林", "云",
        "福", "贵", "宝", "生", "金", "银", "山", "水", "丽", "娟", "梅", "霞", "桂", "凤", "爱", "忠", "德", "成", "永", "亮",
        "庆", "喜", "旺", "荣", "树", "根", "锁", "虎", "龙", "保", "全", "安", "东", "新", "晓", "俊", "瑞", "小", "利", "彩",
    ];

    private static readonly string[] s_villageFirst =
    [
        "东", "西", "南", "北", "上", "下", "前", "后", "大", "小", "新", "老", "高", "杨", "柳", "石", "沙", "河", "马", "王",
        "李", "张", "赵", "刘", "白", "红", "青", "黄", "桃", "杏",
    ];

    private static readonly string[] s_villageSecond =
    [
        "庄", "堡", "沟", "峪", "坡", "岭", "家", "营", "寨", "洼", "川", "头", "湾", "坪", "塬", "峁", "里", "店", "庙", "桥",
    ];

    private static readonly char[] s_checkCharacters = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

    private static readonly int[] s_weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static string PersonName(ref SimRandom rng)
    {
        var surname = s_surnames[rng.Next(s_surnames.Length)];
        var first = s_givenCharacters[rng.Next(s_givenCharacters.Length)];
        return rng.Chance(0.3) ? surname + first : surname + first + s_givenCharacters[rng.Next(s_givenCharacters.Length)];
    }

    public static string VillageName(ref SimRandom rng) =>
        s_villageFirst[rng.Next(s_villageFirst.Length)] + s_villageSecond[rng.Next(s_villageSecond.Length)] + "村";

    public static string IdNumber(ref SimRandom rng, int countyCode, int birthYear, int sex)
    {
        var birth = new DateOnly(birthYear, 1, 1).AddDays(rng.Next(365));
        var sequence = rng.Next(100) * 10 + (sex == 1 ? 1 + 2 * rng.Next(5) : 2 * rng.Next(5));
        var body = string.Create(CultureInfo.InvariantCulture, $"{countyCode:D6}{birth:yyyyMMdd}{sequence:D3}");
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (body[i] - '0') * s_weights[i];
        }

        var valid = sum % 11;
        var wrong = (valid + 1 + rng.Next(10)) % 11;
        return body + s_checkCharacters[wrong];
    }

    public static bool HasValidCheckDigit(string idNumber)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (idNumber[i] - '0') * s_weights[i];
        }

        return s_checkCharacters[sum % 11] == idNumber[17];
    }

    public static string Phone(ref SimRandom rng) =>
        string.Create(CultureInfo.InvariantCulture, $"10{rng.Next(1_000_000_000):D9}");
}
